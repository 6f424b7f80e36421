/** The module-scope service and the router's implementations. */
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { OPERATIONS } from '../../../functions/orders/generated/operations';
import { OrderRepository } from '../../../functions/orders/generated/repository';
import { ordersImplementations } from '../../../functions/orders/implementations';
import { defaultDeps, TABLE_NAME_VARIABLE, tableNameFrom } from '../../../functions/orders/service';
import { httpRouter } from '../../../functions/runtime/http';
import { UsersClient } from '../../../functions/users/generated/client';
import { apiEvent, bodyOf } from '../support/api-event';
import { handlerDeps, ORDER_ID, storedOrder } from './support/fixtures';

describe('tableNameFrom', () => {
  it('reads TABLE_NAME', () => {
    expect(tableNameFrom({ TABLE_NAME: 'orders-table' })).toBe('orders-table');
  });

  it('names the missing variable', () => {
    expect(() => tableNameFrom({})).toThrow('TABLE_NAME is not set');
    expect(() => tableNameFrom({ TABLE_NAME: ' ' })).toThrow('TABLE_NAME is not set');
  });
});

describe('defaultDeps', () => {
  const saved = process.env[TABLE_NAME_VARIABLE];
  afterEach(() => {
    if (saved === undefined) delete process.env[TABLE_NAME_VARIABLE];
    else process.env[TABLE_NAME_VARIABLE] = saved;
  });

  it('loads without TABLE_NAME; the repository needs it on first use, then is made once', () => {
    delete process.env[TABLE_NAME_VARIABLE];
    const deps = defaultDeps();
    expect(deps.users).toBeInstanceOf(UsersClient);
    expect(typeof deps.logger.error).toBe('function');
    expect(() => deps.orders).toThrow('TABLE_NAME is not set');
    process.env[TABLE_NAME_VARIABLE] = 'orders-table';
    const orders = deps.orders;
    expect(orders).toBeInstanceOf(OrderRepository);
    expect(defaultDeps().orders).toBe(orders);
  });
});

describe('ordersImplementations', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  afterAll(() => ddb.restore());

  it('serves every operation behind one router', async () => {
    ddb.on(GetCommand).resolves({ Item: storedOrder() });
    ddb.on(DeleteCommand).resolves({});
    const { deps } = handlerDeps();
    const router = httpRouter(OPERATIONS, ordersImplementations(deps), { logger: deps.logger! });
    const got = await router(apiEvent('GET', `/orders/${ORDER_ID}`));
    expect(got.statusCode).toBe(200);
    expect(bodyOf(got)).toMatchObject({ id: ORDER_ID });
    expect((await router(apiEvent('DELETE', `/orders/${ORDER_ID}`))).statusCode).toBe(204);
    expect((await router(apiEvent('PATCH', `/orders/${ORDER_ID}`))).statusCode).toBe(405);
  });
});

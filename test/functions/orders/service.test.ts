/**
 * The orders service's (a reference service's) generated wiring: the deployed dependencies (table
 * name read on first use, one repository per container, the users client) and every operation
 * behind one router.
 */
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { IMPLEMENTATIONS, implementationsWith } from '../../../functions/orders/generated/implementations';
import { OPERATIONS } from '../../../functions/orders/generated/operations';
import { OrderRepository } from '../../../functions/orders/generated/repository';
import { defaultDeps, tableName } from '../../../functions/orders/generated/service';
import { TABLE_NAME_VARIABLE } from '../../../functions/runtime/conventions';
import { httpRouter } from '../../../functions/runtime/http';
import { UsersClient } from '../../../functions/users/generated/client';
import { apiEvent, bodyOf } from '../support/api-event';
import { handlerDeps, ORDER_ID, storedOrder } from './support/fixtures';

const saved = process.env[TABLE_NAME_VARIABLE];
afterEach(() => {
  if (saved === undefined) delete process.env[TABLE_NAME_VARIABLE];
  else process.env[TABLE_NAME_VARIABLE] = saved;
});

describe('orders (reference service): tableName', () => {
  it('reads TABLE_NAME', () => {
    process.env[TABLE_NAME_VARIABLE] = 'orders-table';
    expect(tableName()).toBe('orders-table');
  });

  it('names the missing variable', () => {
    delete process.env[TABLE_NAME_VARIABLE];
    expect(() => tableName()).toThrow('TABLE_NAME is not set');
    process.env[TABLE_NAME_VARIABLE] = ' ';
    expect(() => tableName()).toThrow('TABLE_NAME is not set');
  });
});

describe('orders (reference service): defaultDeps', () => {
  it('loads without TABLE_NAME; the repository needs it on first use, then is made once', () => {
    delete process.env[TABLE_NAME_VARIABLE];
    const deps = defaultDeps();
    expect(deps.clients.users).toBeInstanceOf(UsersClient);
    expect(typeof deps.logger.error).toBe('function');
    expect(() => deps.repositories.order).toThrow('TABLE_NAME is not set');
    process.env[TABLE_NAME_VARIABLE] = 'orders-table';
    const orders = deps.repositories.order;
    expect(orders).toBeInstanceOf(OrderRepository);
    expect(defaultDeps().repositories.order).toBe(orders);
  });
});

describe('orders (reference service): IMPLEMENTATIONS and implementationsWith', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  afterAll(() => ddb.restore());

  it('implement every operation of the spec', () => {
    const operationIds = OPERATIONS.map((operation) => operation.id).sort();
    expect(Object.keys(IMPLEMENTATIONS).sort()).toEqual(operationIds);
    expect(Object.keys(implementationsWith(handlerDeps().deps)).sort()).toEqual(operationIds);
  });

  it('serves every operation behind one router', async () => {
    ddb.on(GetCommand).resolves({ Item: storedOrder() });
    ddb.on(DeleteCommand).resolves({});
    const { deps, log } = handlerDeps();
    const router = httpRouter(OPERATIONS, implementationsWith(deps), { logger: log.logger });
    const got = await router(apiEvent('GET', `/orders/${ORDER_ID}`));
    expect(got.statusCode).toBe(200);
    expect(bodyOf(got)).toMatchObject({ id: ORDER_ID });
    expect((await router(apiEvent('DELETE', `/orders/${ORDER_ID}`))).statusCode).toBe(204);
    expect((await router(apiEvent('PATCH', `/orders/${ORDER_ID}`))).statusCode).toBe(405);
  });
});

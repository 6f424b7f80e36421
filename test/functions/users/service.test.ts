/** The deployed wiring: module-scope dependencies, TABLE_NAME read on first use. */
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { getUserOperation, OPERATIONS } from '../../../functions/users/generated/operations';
import { handler } from '../../../functions/users/handlers/get-user';
import { usersImplementations } from '../../../functions/users/implementations';
import { tableNameFrom } from '../../../functions/users/service';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../support/api-event';
import { ID, storedItem } from './support';

const ddb = mockClient(DynamoDBDocumentClient);

/** Runs `act` with stdout and stderr captured; returns what was written. */
async function quietly<T>(act: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const record = (chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(record);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(record);
  try {
    return { result: await act(), output: chunks.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('tableNameFrom', () => {
  it('reads TABLE_NAME', () => {
    expect(tableNameFrom({ TABLE_NAME: 'users-dev' })).toBe('users-dev');
  });

  it.each([[{}], [{ TABLE_NAME: '' }], [{ TABLE_NAME: '  ' }]])('says what is missing (%j)', (env) => {
    expect(() => tableNameFrom(env)).toThrow(
      "TABLE_NAME is not set: the users Lambdas need the name of the service's DynamoDB table",
    );
  });
});

describe('the deployed handler', () => {
  const saved = process.env.TABLE_NAME;
  afterEach(() => {
    if (saved === undefined) delete process.env.TABLE_NAME;
    else process.env.TABLE_NAME = saved;
    ddb.reset();
  });

  it('imports without TABLE_NAME and answers 500, logging why, until it is set', async () => {
    delete process.env.TABLE_NAME;
    const { result, output } = await quietly(() =>
      handler(routeEvent(getUserOperation, { path: { id: ID } })),
    );
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
    expect(output).toContain('TABLE_NAME is not set');
    expect(ddb).not.toHaveReceivedAnyCommand();

    process.env.TABLE_NAME = 'users-from-env';
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    const ok = await handler(routeEvent(getUserOperation, { path: { id: ID } }));
    expect(ok.statusCode).toBe(200);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { TableName: 'users-from-env' });
  });
});

describe('usersImplementations', () => {
  it('implements every operation of the spec', () => {
    const implementations = usersImplementations({ repository: {} as never });
    expect(Object.keys(implementations).sort()).toEqual(OPERATIONS.map((operation) => operation.id).sort());
  });
});

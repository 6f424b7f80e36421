/**
 * The users service's (a reference service's) generated wiring as deployed: the table name read from
 * TABLE_NAME on first use, the Lambda entries importing without it, and every operation implemented.
 */
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { HttpResult } from '../../../functions/runtime/http';
import { IMPLEMENTATIONS, implementationsWith } from '../../../functions/users/generated/implementations';
import { handler } from '../../../functions/users/generated/lambdas/get-user';
import { getUserOperation, OPERATIONS } from '../../../functions/users/generated/operations';
import { tableName } from '../../../functions/users/generated/service';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../support/api-event';
import { ID, storedItem, testDeps } from './support';

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

const saved = process.env.TABLE_NAME;
afterEach(() => {
  if (saved === undefined) delete process.env.TABLE_NAME;
  else process.env.TABLE_NAME = saved;
  ddb.reset();
});

describe('users (reference service): tableName', () => {
  it('reads TABLE_NAME', () => {
    process.env.TABLE_NAME = 'users-dev';
    expect(tableName()).toBe('users-dev');
  });

  it.each([[undefined], [''], ['  ']])('says what is missing (TABLE_NAME=%j)', (value) => {
    if (value === undefined) delete process.env.TABLE_NAME;
    else process.env.TABLE_NAME = value;
    expect(() => tableName()).toThrow(
      "TABLE_NAME is not set: the users Lambdas need the name of the service's DynamoDB table",
    );
  });
});

describe('users (reference service): the deployed getUser Lambda (generated/lambdas/get-user.ts)', () => {
  it('imports without TABLE_NAME and answers 500, logging why, until it is set', async () => {
    delete process.env.TABLE_NAME;
    const { result, output } = await quietly<HttpResult>(() =>
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

describe('users (reference service): IMPLEMENTATIONS and implementationsWith', () => {
  const operationIds = OPERATIONS.map((operation) => operation.id).sort();

  it('implement every operation of the spec', () => {
    expect(Object.keys(IMPLEMENTATIONS).sort()).toEqual(operationIds);
    expect(Object.keys(implementationsWith(testDeps().deps)).sort()).toEqual(operationIds);
  });
});

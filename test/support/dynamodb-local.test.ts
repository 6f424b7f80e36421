/**
 * The DynamoDB Local harness itself: a clear error without Java, the table shape, and no JVM left
 * behind when the process that started it dies without calling stop().
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { LIST_INDEX, TABLE_KEY } from '../../functions/runtime/conventions';
import { JAVA_HINT, portLockPath, serviceTableDefinition, startDynamoDbLocal } from './dynamodb-local';
import { USERS_LAYOUT } from './repository-fixture';

/** Whether something accepts TCP connections on the port. */
async function listening(port: number): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  try {
    await Promise.race([
      once(socket, 'connect'),
      once(socket, 'error').then(([error]) => Promise.reject(error)),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

it('says how to install Java when there is none', async () => {
  await expect(startDynamoDbLocal({ java: '/nonexistent/java' })).rejects.toThrow(
    `DynamoDB Local needs Java, but \`/nonexistent/java\` was not found: ${JAVA_HINT}`,
  );
});

it('defines the service table as the layout says', () => {
  expect(serviceTableDefinition('users', USERS_LAYOUT)).toEqual({
    TableName: 'users',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: TABLE_KEY, AttributeType: 'S' },
      { AttributeName: LIST_INDEX.partitionKey, AttributeType: 'S' },
      { AttributeName: 'id', AttributeType: 'S' },
      { AttributeName: 'ix_user__email', AttributeType: 'S' },
      { AttributeName: 'ix_user__team', AttributeType: 'S' },
      { AttributeName: 'ix_user__team__status', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: TABLE_KEY, KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      LIST_INDEX.partitionKey,
      'ix_user__email',
      'ix_user__team',
      'ix_user__team__status',
    ].map((key, i) => ({
      IndexName: i === 0 ? LIST_INDEX.name : key,
      KeySchema: [
        { AttributeName: key, KeyType: 'HASH' },
        { AttributeName: 'id', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  });
});

it('stops, and stop() may be called twice', async () => {
  const local = await startDynamoDbLocal();
  expect(await listening(local.port)).toBe(true);
  expect(existsSync(portLockPath(local.port))).toBe(true);
  await Promise.all([local.stop(), local.stop()]);
  await local.stop();
  expect(await eventually(async () => !(await listening(local.port)), 5_000)).toBe(true);
  expect(existsSync(portLockPath(local.port))).toBe(false);
});

it('takes the JVM down with it when the process that started it is killed (SIGKILL, no hooks run)', async () => {
  const script = `
    require(${JSON.stringify(join(__dirname, 'dynamodb-local.ts'))})
      .startDynamoDbLocal()
      .then((local) => { console.log('PORT ' + local.port); setInterval(() => {}, 1000); });
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const started = await eventually(async () => /PORT \d+/.test(output), 60_000);
  expect(started).toBe(true);
  const port = Number(/PORT (\d+)/.exec(output)?.[1]);
  expect(await listening(port)).toBe(true);
  child.kill('SIGKILL');
  await once(child, 'exit');
  expect(await eventually(async () => !(await listening(port)), 5_000)).toBe(true);
  rmSync(portLockPath(port), { force: true }); // its reservation is stale now (a later start would take it over)
}, 90_000);

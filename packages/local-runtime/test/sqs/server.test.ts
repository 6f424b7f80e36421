/** The local SQS endpoint through the real SDK client over real HTTP: what is sent is parked. */
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createParkingLot } from '../../src/parking-lot';
import { type LocalSqs, parkedReason, queueNameOf, startLocalSqs } from '../../src/sqs/server';

const QUEUE_NAME = 'tributary-dev-users-ForwarderOnFailure1234';
const QUEUE_ID = 'tributary-dev-users/ForwarderOnFailure1234';
const QUEUE_URL = `https://sqs.us-east-1.amazonaws.com/000000000000/${QUEUE_NAME}`;

let sqs: LocalSqs;
let client: SQSClient;
const parking = createParkingLot();

beforeAll(async () => {
  sqs = await startLocalSqs({ host: '127.0.0.1', queues: new Map([[QUEUE_NAME, QUEUE_ID]]), parking });
  client = new SQSClient({
    endpoint: sqs.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'LOCAL', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await sqs.close();
});
beforeEach(() => parking.clear());

it('parks each message of a batch under the queue id, with the reason its body gives', async () => {
  const output = await client.send(
    new SendMessageBatchCommand({
      QueueUrl: QUEUE_URL,
      Entries: [
        {
          Id: '3',
          MessageBody: JSON.stringify({ reason: 'invalid_version', explanation: 'no valid version' }),
        },
        { Id: '7', MessageBody: 'plain text' },
      ],
    }),
  );
  expect(output.Successful?.map((entry) => entry.Id)).toEqual(['3', '7']);
  expect(output.Failed ?? []).toEqual([]);
  expect(parking.list(QUEUE_ID)).toEqual([
    expect.objectContaining({
      queueId: QUEUE_ID,
      reason: 'no valid version',
      body: expect.objectContaining({ reason: 'invalid_version' }),
    }),
    expect.objectContaining({ queueId: QUEUE_ID, reason: `sent to ${QUEUE_NAME}`, body: 'plain text' }),
  ]);
});

it('parks a single message', async () => {
  const output = await client.send(
    new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: '{"reason":"x"}' }),
  );
  expect(output.MessageId).toEqual(expect.any(String));
  expect(parking.count(QUEUE_ID)).toBe(1);
});

it('refuses a queue the app does not have, as SQS does', async () => {
  await expect(
    client.send(new SendMessageCommand({ QueueUrl: `${QUEUE_URL}-nope`, MessageBody: 'x' })),
  ).rejects.toMatchObject({ name: expect.stringMatching(/QueueDoesNotExist|NonExistentQueue/) });
  expect(parking.count()).toBe(0);
});

it('refuses more than 10 entries and duplicate ids, parking nothing', async () => {
  const entries = Array.from({ length: 11 }, (_, i) => ({ Id: String(i), MessageBody: 'x' }));
  await expect(
    client.send(new SendMessageBatchCommand({ QueueUrl: QUEUE_URL, Entries: entries })),
  ).rejects.toThrow();
  await expect(
    client.send(
      new SendMessageBatchCommand({
        QueueUrl: QUEUE_URL,
        Entries: [
          { Id: 'a', MessageBody: 'x' },
          { Id: 'a', MessageBody: 'y' },
        ],
      }),
    ),
  ).rejects.toThrow();
  expect(parking.count()).toBe(0);
});

it('answers any other operation with an error, not a crash', async () => {
  const response = await fetch(sqs.url, {
    method: 'POST',
    headers: { 'x-amz-target': 'AmazonSQS.ReceiveMessage', 'content-type': 'application/x-amz-json-1.0' },
    body: '{}',
  });
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ __type: 'com.amazonaws.sqs#UnsupportedOperation' });
});

describe('helpers', () => {
  it.each([
    [QUEUE_URL, QUEUE_NAME],
    ['http://127.0.0.1:1234/000000000000/q1', 'q1'],
    ['', undefined],
    [42, undefined],
  ])('queueNameOf(%p) is %p', (url, name) => {
    expect(queueNameOf(url)).toBe(name);
  });

  it.each([
    [{ explanation: 'why', reason: 'code' }, 'why'],
    [{ reason: 'code' }, 'code'],
    ['text', 'sent to q'],
    [null, 'sent to q'],
  ])('parkedReason(%p) is %p', (body, reason) => {
    expect(parkedReason(body, 'q')).toBe(reason);
  });
});

import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { onFailureRecord, recordCreatedAtMs, toLambdaRecord } from '../../src/streams';

const MINUTE = Date.parse('2026-05-01T12:34:00.000Z');
const ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/users/stream/2026-05-01T00:00:00.000';

const ttlDelete: _Record = {
  eventID: 'e1',
  eventName: 'REMOVE',
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'ddblocal',
  dynamodb: {
    ApproximateCreationDateTime: new Date(MINUTE),
    Keys: { pk: { S: 'k' } },
    OldImage: {
      pk: { S: 'k' },
      bin: { B: new Uint8Array([0, 1, 254, 255]) },
      bins: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
      nested: {
        M: { list: { L: [{ N: '1' }, { B: new Uint8Array([9]) }, { NULL: true }, { BOOL: false }] } },
      },
      sets: { M: { ss: { SS: ['a'] }, ns: { NS: ['1.5'] } } },
    },
    SequenceNumber: '000000000000000000042',
    SizeBytes: 57,
    StreamViewType: 'OLD_IMAGE',
  },
  userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' },
};

it('shapes a record as Lambda does: binary as base64, epoch seconds, the stream ARN, userIdentity', () => {
  expect(toLambdaRecord(ttlDelete, { streamArn: ARN, createdAtMs: MINUTE + 17_400 })).toEqual({
    eventID: 'e1',
    eventName: 'REMOVE',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    dynamodb: {
      ApproximateCreationDateTime: (MINUTE + 17_000) / 1000,
      Keys: { pk: { S: 'k' } },
      OldImage: {
        pk: { S: 'k' },
        bin: { B: 'AAH+/w==' },
        bins: { BS: ['AQ==', 'Ag=='] },
        nested: { M: { list: { L: [{ N: '1' }, { B: 'CQ==' }, { NULL: true }, { BOOL: false }] } } },
        sets: { M: { ss: { SS: ['a'] }, ns: { NS: ['1.5'] } } },
      },
      SequenceNumber: '000000000000000000042',
      SizeBytes: 57,
      StreamViewType: 'OLD_IMAGE',
    },
    eventSourceARN: ARN,
    userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
  });
  expect(
    toLambdaRecord(ttlDelete, { streamArn: ARN, createdAtMs: MINUTE, region: 'eu-west-1' }).awsRegion,
  ).toBe('eu-west-1');
});

it("takes the time the poller read a record when it lies in the record's (minute-truncated) time", () => {
  expect(recordCreatedAtMs(ttlDelete, MINUTE + 59_999)).toBe(MINUTE + 59_999);
  expect(recordCreatedAtMs(ttlDelete, MINUTE)).toBe(MINUTE);
  // read much later (a backlog after a restart), or with a clock behind: the record's own time
  expect(recordCreatedAtMs(ttlDelete, MINUTE + 60_000)).toBe(MINUTE);
  expect(recordCreatedAtMs(ttlDelete, MINUTE - 1)).toBe(MINUTE);
  expect(recordCreatedAtMs({}, 1234)).toBe(1234);
});

it("describes records given up on as Lambda's on-failure record", () => {
  const body = onFailureRecord({
    functionArn: 'arn:aws:lambda:local:000000000000:function:Users/Forwarder',
    condition: 'RetryAttemptsExhausted',
    invokeCount: 3,
    functionError: true,
    shardId: 'shardId-1',
    streamArn: ARN,
    records: [
      { sequenceNumber: '7', createdAtMs: MINUTE + 1_500 },
      { sequenceNumber: '9', createdAtMs: MINUTE + 4_999 },
    ],
    nowMs: MINUTE + 10_000,
  });
  expect(body).toEqual({
    requestContext: {
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      functionArn: 'arn:aws:lambda:local:000000000000:function:Users/Forwarder',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: '2026-05-01T12:34:10.000Z',
    DDBStreamBatchInfo: {
      shardId: 'shardId-1',
      startSequenceNumber: '7',
      endSequenceNumber: '9',
      approximateArrivalOfFirstRecord: '2026-05-01T12:34:01Z',
      approximateArrivalOfLastRecord: '2026-05-01T12:34:04Z',
      batchSize: 2,
      streamArn: ARN,
    },
  });
});

/** Builders for DynamoDB stream records and forwarder collaborators used by the forwarder tests. */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, Context, DynamoDBRecord } from 'aws-lambda';
import { TestClock } from '../../../../functions/runtime/clock';
import {
  DEDUPE_KEY_PREFIX,
  DEDUPE_TYPE,
  GUARD_TYPE,
  guardKey,
  TABLE_KEY,
  TTL_ATTRIBUTE,
  TYPE_ATTRIBUTE,
} from '../../../../functions/runtime/conventions';
import { forwarderConfig } from '../../../../functions/runtime/forwarder/config';
import type { ForwarderLog, LogAttributes } from '../../../../functions/runtime/forwarder/log';

export const CONFIG = forwarderConfig({
  service: 'users',
  eventBusName: 'tributary-bus',
  resourceTypes: ['user', 'address'],
});

/** Personal data every resource item carries; it must never reach an entry or a log. */
export const PERSONAL = { email: 'ada@example.com', name: 'Ada Lovelace' } as const;

export type Image = Record<string, AttributeValue>;

export function image(item: Record<string, unknown>): Image {
  return marshall(item, { removeUndefinedValues: true }) as unknown as Image;
}

export function userItem(id: string, version: number, hash = `h${version}`, extra: object = {}): Image {
  return image({
    [TABLE_KEY]: id,
    [TYPE_ATTRIBUTE]: 'user',
    id,
    ...PERSONAL,
    version,
    hash_code: hash,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    ...extra,
  });
}

export function guardItem(value: string, owner: string): Image {
  return image({ [TABLE_KEY]: guardKey('ix_user__email', value), [TYPE_ATTRIBUTE]: GUARD_TYPE, owner });
}

export function dedupeItem(eventId: string): Image {
  return image({
    [TABLE_KEY]: `${DEDUPE_KEY_PREFIX}${eventId}`,
    [TYPE_ATTRIBUTE]: DEDUPE_TYPE,
    [TTL_ATTRIBUTE]: 1_800_000_000,
  });
}

/** 2026-05-01T12:00:00Z in epoch seconds, as ApproximateCreationDateTime carries it. */
export const AT_SECONDS = 1_777_636_800;

export interface RecordOptions {
  readonly seq: number | string;
  readonly eventID?: string | undefined;
  readonly newImage?: Image | undefined;
  readonly oldImage?: Image | undefined;
  readonly at?: number | undefined;
  readonly ttl?: boolean;
}

function keysOf(img: Image | undefined): Image {
  const pk = img?.[TABLE_KEY];
  return pk === undefined ? {} : { [TABLE_KEY]: pk };
}

export function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  options: RecordOptions,
): DynamoDBRecord {
  const seq = String(options.seq).padStart(21, '0');
  return {
    eventID: 'eventID' in options ? options.eventID : `ev-${seq}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/users/stream/2026-01-01T00:00:00.000',
    dynamodb: {
      ...(options.at === undefined
        ? { ApproximateCreationDateTime: AT_SECONDS }
        : { ApproximateCreationDateTime: options.at }),
      Keys: keysOf(options.newImage ?? options.oldImage),
      ...(options.newImage === undefined ? {} : { NewImage: options.newImage }),
      ...(options.oldImage === undefined ? {} : { OldImage: options.oldImage }),
      SequenceNumber: seq,
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...(options.ttl ? { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } } : {}),
  };
}

export const insert = (seq: number, img: Image, extra: Partial<RecordOptions> = {}) =>
  streamRecord('INSERT', { seq, newImage: img, ...extra });
export const modify = (seq: number, oldImage: Image, newImage: Image, extra: Partial<RecordOptions> = {}) =>
  streamRecord('MODIFY', { seq, oldImage, newImage, ...extra });
export const remove = (seq: number, oldImage: Image, extra: Partial<RecordOptions> = {}) =>
  streamRecord('REMOVE', { seq, oldImage, ...extra });

/** A clock whose `sleep` moves it instead of waiting. */
export function fakeTime(start = '2026-05-01T12:00:00.000Z') {
  const clock = new TestClock(start);
  const sleeps: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    clock.advance(ms);
    await Promise.resolve();
  };
  return { clock, sleep, sleeps };
}

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: LogAttributes;
}

/** A {@link ForwarderLog} that keeps what it is told. */
export function recordingLog(): ForwarderLog & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: string, attributes: LogAttributes): void => {
      lines.push({ level, message, attributes });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function lambdaContext(remainingMs = 60_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'users-forwarder',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:users-forwarder',
    memoryLimitInMB: '256',
    awsRequestId: 'req-1',
    logGroupName: '/aws/lambda/users-forwarder',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/**
 * The local SQS endpoint: what a function sends to one of the app's queues is parked in the local
 * parking lot, under that queue's id, where `dev parked` shows it (locally, a queue is only ever a
 * place where failed work waits for an operator: dead-letter and on-failure queues, and the
 * forwarder's parking of records that cannot become events).
 *
 * It speaks the AWS JSON 1.0 protocol the SDK's SQS client uses (`POST /`,
 * `X-Amz-Target: AmazonSQS.SendMessage | AmazonSQS.SendMessageBatch`), so functions reach it through
 * `AWS_ENDPOINT_URL_SQS` with unchanged code. The queue is named by the `QueueUrl` in the request,
 * whose last path segment is the queue's name (template-scope.ts resolves queue URLs to
 * `https://sqs.<region>.amazonaws.com/<account>/<name>`). Any other operation, or an unknown queue,
 * is answered with the error SQS gives. Signatures are not checked.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../clock';
import type { ParkingLot } from '../model';

/** SQS's own limits: 10 entries per batch, 256 KiB per message and per batch. */
export const MAX_BATCH_ENTRIES = 10;
export const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_REQUEST_BYTES = 1024 * 1024;

export interface LocalSqsOptions {
  readonly host: string;
  /** 0 (the default): a free port. */
  readonly port?: number;
  /** Queue name (the last segment of its URL) → queue id (`<stack>/<logical id>`). */
  readonly queues: ReadonlyMap<string, string>;
  readonly parking: ParkingLot;
  readonly clock?: Clock;
}

export interface LocalSqs {
  /** `http://127.0.0.1:<port>`: the value for `AWS_ENDPOINT_URL_SQS`. */
  readonly url: string;
  close(): Promise<void>;
}

/** A problem SQS answers with a 400 and an error type. */
class SqsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the message's body says it is about, for `dev parked`: its `explanation` or `reason`, else where it came from. */
export function parkedReason(body: unknown, queueName: string): string {
  if (typeof body === 'object' && body !== null) {
    const { explanation, reason } = body as Record<string, unknown>;
    if (typeof explanation === 'string' && explanation !== '') return explanation;
    if (typeof reason === 'string' && reason !== '') return reason;
  }
  return `sent to ${queueName}`;
}

/** The queue name of a `QueueUrl`: its last path segment. */
export function queueNameOf(queueUrl: unknown): string | undefined {
  if (typeof queueUrl !== 'string' || queueUrl === '') return undefined;
  try {
    return new URL(queueUrl).pathname.split('/').filter(Boolean).pop();
  } catch {
    return queueUrl.split('/').filter(Boolean).pop();
  }
}

interface SendEntry {
  readonly Id?: unknown;
  readonly MessageBody?: unknown;
}

export async function startLocalSqs(options: LocalSqsOptions): Promise<LocalSqs> {
  const clock = options.clock ?? systemClock;

  function queueOf(body: Record<string, unknown>): { id: string; name: string } {
    const name = queueNameOf(body.QueueUrl);
    const id = name === undefined ? undefined : options.queues.get(name);
    if (name === undefined || id === undefined) {
      throw new SqsError(
        'AWS.SimpleQueueService.NonExistentQueue',
        'The specified queue does not exist for this wsdl version.',
      );
    }
    return { id, name };
  }

  function park(queue: { id: string; name: string }, messageBody: string): string {
    let body: unknown = messageBody;
    try {
      body = JSON.parse(messageBody);
    } catch {
      // A message body need not be JSON: it is parked as the text it is.
    }
    options.parking.park({
      queueId: queue.id,
      at: clock.now().toISOString(),
      body,
      reason: parkedReason(body, queue.name),
    });
    return createHash('md5').update(messageBody, 'utf8').digest('hex');
  }

  function sendMessage(body: Record<string, unknown>): Record<string, unknown> {
    const queue = queueOf(body);
    const messageBody = body.MessageBody;
    if (typeof messageBody !== 'string' || messageBody === '') {
      throw new SqsError('MissingParameter', 'The request must contain the parameter MessageBody.');
    }
    if (Buffer.byteLength(messageBody, 'utf8') > MAX_MESSAGE_BYTES) {
      throw new SqsError(
        'InvalidParameterValue',
        `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`,
      );
    }
    return { MessageId: randomUUID(), MD5OfMessageBody: park(queue, messageBody) };
  }

  function sendMessageBatch(body: Record<string, unknown>): Record<string, unknown> {
    const queue = queueOf(body);
    const entries = body.Entries;
    if (!Array.isArray(entries) || entries.length === 0) {
      throw new SqsError(
        'AWS.SimpleQueueService.EmptyBatchRequest',
        'There should be at least one SendMessageBatchRequestEntry in the request.',
      );
    }
    if (entries.length > MAX_BATCH_ENTRIES) {
      throw new SqsError(
        'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
        `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}.`,
      );
    }
    const ids = (entries as SendEntry[]).map((entry) => entry.Id);
    if (new Set(ids).size !== ids.length) {
      throw new SqsError(
        'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
        'Two or more batch entries in the request have the same Id.',
      );
    }
    const total = (entries as SendEntry[]).reduce(
      (sum, entry) =>
        sum + (typeof entry.MessageBody === 'string' ? Buffer.byteLength(entry.MessageBody, 'utf8') : 0),
      0,
    );
    if (total > MAX_MESSAGE_BYTES) {
      throw new SqsError(
        'AWS.SimpleQueueService.BatchRequestTooLong',
        'Batch requests cannot be longer than 262144 bytes.',
      );
    }
    const successful: Record<string, unknown>[] = [];
    const failed: Record<string, unknown>[] = [];
    for (const entry of entries as SendEntry[]) {
      const id = typeof entry.Id === 'string' ? entry.Id : '';
      if (typeof entry.MessageBody !== 'string' || entry.MessageBody === '') {
        failed.push({
          Id: id,
          SenderFault: true,
          Code: 'MissingParameter',
          Message: 'The request must contain the parameter MessageBody.',
        });
        continue;
      }
      successful.push({ Id: id, MessageId: randomUUID(), MD5OfMessageBody: park(queue, entry.MessageBody) });
    }
    return { Successful: successful, Failed: failed };
  }

  const OPERATIONS: Readonly<Record<string, (body: Record<string, unknown>) => Record<string, unknown>>> = {
    'AmazonSQS.SendMessage': sendMessage,
    'AmazonSQS.SendMessageBatch': sendMessageBatch,
  };

  function send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(Buffer.byteLength(text)),
      'x-amzn-requestid': randomUUID(),
      ...(status >= 400
        ? { 'x-amzn-query-error': `${(body as { __type?: string }).__type ?? ''};Sender` }
        : {}),
    });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk as Buffer);
    }
    const target = req.headers['x-amz-target'];
    const operation = typeof target === 'string' ? OPERATIONS[target] : undefined;
    if (req.method !== 'POST' || operation === undefined) {
      send(res, 400, {
        __type: 'com.amazonaws.sqs#UnsupportedOperation',
        message: `The local SQS serves SendMessage and SendMessageBatch only (got ${String(target ?? 'no X-Amz-Target')}).`,
      });
      return;
    }
    if (size > MAX_REQUEST_BYTES) {
      send(res, 413, { __type: 'com.amazonaws.sqs#RequestTooLarge', message: 'Request body too large.' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      send(res, 400, {
        __type: 'com.amazonaws.sqs#InvalidRequest',
        message: 'The request body is not valid JSON.',
      });
      return;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      send(res, 400, {
        __type: 'com.amazonaws.sqs#InvalidRequest',
        message: 'The request body must be an object.',
      });
      return;
    }
    try {
      send(res, 200, operation(body as Record<string, unknown>));
    } catch (error) {
      if (!(error instanceof SqsError)) throw error;
      send(res, 400, { __type: `com.amazonaws.sqs#${error.type}`, message: error.message });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(res, 500, {
        __type: 'com.amazonaws.sqs#InternalError',
        message: error instanceof Error ? error.message : String(error),
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${String(port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

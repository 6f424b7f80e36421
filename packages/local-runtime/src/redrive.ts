/**
 * Redrive: an event delivery the bus gave up on (parked in the target's dead-letter queue) delivered
 * again, by id, through the bus's normal delivery path: the same rule target, the event as it was
 * (same id, `time` and detail), in its trace; attempts, retries and parking as for a new delivery
 * (its age counts from the redrive), each reported as a delivery. The message is then marked
 * redriven (parking-lot.ts): no longer listed as parked, so it is redriven at most once.
 *
 * What is refused, with a {@link RedriveError} whose `code` says why:
 * - `unknown`: no message of this run's parking lot has the id;
 * - `not-parked`: it was redriven already (or is being redriven right now);
 * - `not-redrivable`: it is not an event delivery (a stream batch: its records are positions in a
 *   table's stream, which the owner recovers from the table, e.g. by republishing; a message a
 *   function sent to a queue), or the app no longer has the rule target it was owed to.
 */
import type { BusEvent } from './event-bus/put-events';
import type { ParkedMessage } from './model';
import type { LocalParkingLot } from './parking-lot';
import { traceIdOf } from './trace';

/** Why a redrive was refused. */
export type RedriveRefusal = 'unknown' | 'not-parked' | 'not-redrivable';

export class RedriveError extends Error {
  override readonly name = 'RedriveError';
  constructor(
    readonly code: RedriveRefusal,
    /** The parked message's id the redrive was asked for. */
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

/** A delivery to make again, as the bus takes it (EventBus.redrive). */
export interface RedriveDelivery {
  /** The parked message it comes from: delivery reports name it (`redriveOf`). */
  readonly parkedId: string;
  readonly event: BusEvent;
  readonly ruleId: string;
  readonly functionId: string;
  readonly traceHeader?: string;
}

/** What a redrive started. */
export interface Redriven {
  /** The parked message's id. */
  readonly id: string;
  readonly queueId: string;
  readonly eventId: string;
  readonly ruleId: string;
  readonly functionId: string;
  /** The trace the delivery runs in, when the event had one. */
  readonly traceId?: string;
}

/** Who delivers again: the event bus (server.ts). */
export interface Redriver {
  /** Starts the delivery; rejects with RedriveError `not-redrivable` when the rule target is gone. */
  redrive(delivery: RedriveDelivery): Promise<void>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isBusEvent(value: unknown): value is BusEvent {
  return (
    isRecord(value) &&
    value.version === '0' &&
    typeof value.id === 'string' &&
    typeof value['detail-type'] === 'string' &&
    typeof value.source === 'string' &&
    typeof value.account === 'string' &&
    typeof value.time === 'string' &&
    typeof value.region === 'string' &&
    Array.isArray(value.resources) &&
    isRecord(value.detail)
  );
}

/** Why a parked message that is no event delivery cannot be redriven, and what to do instead. */
function notAnEventDelivery(message: ParkedMessage, id: string): RedriveError {
  const streamBatch = isRecord(message.body) && 'DDBStreamBatchInfo' in message.body;
  return new RedriveError(
    'not-redrivable',
    id,
    streamBatch
      ? `message ${id} in ${message.queueId} is a stream batch: it holds only the records' positions in the table's stream, so it cannot be delivered again; republish the owner's events from its table (npx dev republish <service> --local) or follow the owner's recovery`
      : `message ${id} in ${message.queueId} is not an event delivery the bus gave up on: only those can be redriven`,
  );
}

/** Redrives in flight, per parking lot: a second redrive of the same id meanwhile is refused. */
const inFlight = new WeakMap<LocalParkingLot, Set<string>>();

/**
 * Delivers the parked event delivery `id` again through `bus` and marks it redriven; resolves once
 * the delivery has started (its attempts are reported as deliveries). Rejects with
 * {@link RedriveError} for what cannot be redriven (see the file comment), and with the bus's error
 * when the delivery could not be started (it then stays parked).
 */
export async function redriveParked(
  parking: LocalParkingLot,
  bus: Redriver,
  id: string,
  now: () => Date = () => new Date(),
): Promise<Redriven> {
  const message = parking.get(id);
  if (message === undefined) throw new RedriveError('unknown', id, `no parked message has id ${id}`);
  const busy = inFlight.get(parking) ?? new Set<string>();
  inFlight.set(parking, busy);
  if (message.redrivenAt !== undefined || busy.has(id)) {
    throw new RedriveError(
      'not-parked',
      id,
      `message ${id} is no longer parked: it was redriven${message.redrivenAt === undefined ? ' just now' : ` at ${message.redrivenAt}`}`,
    );
  }
  const { delivery } = message;
  if (delivery === undefined || !isBusEvent(message.body)) throw notAnEventDelivery(message, id);
  busy.add(id);
  try {
    await bus.redrive({
      parkedId: id,
      event: message.body,
      ruleId: delivery.ruleId,
      functionId: delivery.functionId,
      ...(delivery.traceHeader === undefined ? {} : { traceHeader: delivery.traceHeader }),
    });
    parking.markRedriven(id, now());
  } finally {
    busy.delete(id);
  }
  const traceId = traceIdOf(delivery.traceHeader);
  return {
    id,
    queueId: message.queueId,
    eventId: message.body.id,
    ruleId: delivery.ruleId,
    functionId: delivery.functionId,
    ...(traceId === undefined ? {} : { traceId }),
  };
}

/**
 * Delivering an event to a rule's target with EventBridge's retry policy, locally.
 *
 * - The first attempt is made as soon as the event is accepted (PutEvents has already answered).
 * - An attempt fails when the invocation fails: the function threw or timed out, or the invoker
 *   itself failed. (On AWS, Lambda's asynchronous invocation retries function errors itself and
 *   EventBridge retries only delivery failures; locally one loop stands for both, bounded by the
 *   target's settings.)
 * - A failed attempt is retried while retries remain (at most `retryAttempts`, so at most
 *   `retryAttempts + 1` attempts) and the event, by the time of the next attempt, is not older than
 *   `maxEventAgeSeconds` (measured from when PutEvents received it).
 * - Retries wait with exponential backoff, scaled down for local use: `baseDelayMs * 2^(n-1)`
 *   before the n-th retry, capped at `maxDelayMs` (defaults 100 ms and 5 s, so the 8 retries of
 *   a subscriber take about 16 s instead of hours). No jitter: locally there is one caller, and
 *   deterministic timings are easier to follow in the logs.
 * - When it gives up, the event is parked in the target's dead-letter queue (or
 *   {@link UNROUTED_DLQ} when the target has none) with the reason, as EventBridge sends it to
 *   the DLQ with the error in the message attributes, and with what delivering it again takes
 *   (the rule, the target, the trace header: `RunningSystem.redrive`).
 * - Every attempt's invocation runs in the event's trace, when its PutEvents entry had a
 *   `TraceHeader`; else each gets a new one, as Lambda makes one for an untraced invocation.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { InvokeResult, LambdaInvoker, LocalRule, LocalRuleTarget, ParkingLot } from '../model';
import type { BusEvent } from './put-events';

/** Where failed deliveries go when their target has no dead-letter queue. */
export const UNROUTED_DLQ = 'unrouted-dlq';

export interface RetryTiming {
  /** Wait before the first retry; doubles each retry. Default 100. */
  readonly baseDelayMs: number;
  /** The longest wait between attempts. Default 5000. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_TIMING: RetryTiming = Object.freeze({ baseDelayMs: 100, maxDelayMs: 5000 });

/** The wait before retry `retry` (1 for the first retry). */
export function backoffDelay(timing: RetryTiming, retry: number): number {
  const exponential = timing.baseDelayMs * 2 ** Math.max(0, retry - 1);
  return Math.max(0, Math.min(timing.maxDelayMs, exponential));
}

/** What one delivery is: the rule, its target and the event, named for logs and the journal. */
export interface DeliveryNames {
  readonly ruleId: string;
  readonly functionId: string;
  readonly eventId: string;
  readonly detailType: string;
  readonly source: string;
  /** The event's trace header (its PutEvents entry's `TraceHeader`), when it had one. */
  readonly traceHeader?: string;
  /** The id of the parked message this delivery redrives, when it is a redrive. */
  readonly redriveOf?: string;
}

/** How a delivery is started besides its rule, target and event. */
export interface DispatchOptions {
  readonly traceHeader?: string;
  readonly redriveOf?: string;
}

/**
 * What happened to one delivery, reported after every attempt (`durationMs`: how long the target
 * ran, when the invoker ran it).
 */
export type DeliveryReport = DeliveryNames &
  (
    | { readonly kind: 'delivered'; readonly attempts: number; readonly durationMs?: number }
    | {
        readonly kind: 'retrying';
        readonly attempts: number;
        readonly durationMs?: number;
        readonly delayMs: number;
        readonly error: string;
      }
    | {
        readonly kind: 'parked';
        readonly attempts: number;
        readonly durationMs?: number;
        readonly queueId: string;
        readonly reason: string;
        /** The parked message's id (what `redrive` takes); absent when it could not be parked. */
        readonly parkedId?: string;
      }
  );

export interface DeliveryStats {
  /** Events accepted by PutEvents. */
  readonly accepted: number;
  /** Entries PutEvents refused. */
  readonly rejected: number;
  /** Rule target deliveries started (one per matching rule and target). */
  readonly deliveries: number;
  readonly delivered: number;
  /** Attempts that failed and were retried. */
  readonly retried: number;
  readonly parked: number;
  /** Deliveries not finished yet: an attempt under way or a retry waiting. */
  readonly inFlight: number;
}

export interface DispatcherOptions {
  readonly invoker: LambdaInvoker;
  readonly parking: ParkingLot;
  readonly clock: Clock;
  readonly timing: RetryTiming;
  readonly onDelivery?: (report: DeliveryReport) => void;
}

interface Delivery {
  readonly rule: LocalRule;
  readonly target: LocalRuleTarget;
  readonly event: BusEvent;
  /** When PutEvents received the event (ms since the epoch, by the clock). */
  readonly receivedAt: number;
  readonly traceHeader: string | undefined;
  readonly redriveOf: string | undefined;
  attempts: number;
}

function describeFailure(result: InvokeResult | { readonly thrown: unknown }): string {
  if ('thrown' in result) {
    const error = result.thrown;
    return error instanceof Error ? `${error.name}: ${error.message}` : `invoker failed: ${String(error)}`;
  }
  if (result.ok) return 'ok';
  const { errorType, errorMessage } = result.error;
  return `${result.timedOut ? 'timed out: ' : ''}${errorType}: ${errorMessage}`;
}

/** Runs rule target deliveries, keeps count, and says when none is left. */
export class Dispatcher {
  readonly #options: DispatcherOptions;
  readonly #timers = new Set<NodeJS.Timeout>();
  #inFlight = 0;
  #closed = false;
  #waiters: (() => void)[] = [];
  #stats = { accepted: 0, rejected: 0, deliveries: 0, delivered: 0, retried: 0, parked: 0 };

  constructor(options: DispatcherOptions) {
    this.#options = options;
  }

  countEntries(accepted: number, rejected: number): void {
    this.#stats.accepted += accepted;
    this.#stats.rejected += rejected;
  }

  stats(): DeliveryStats {
    return { ...this.#stats, inFlight: this.#inFlight };
  }

  /**
   * Starts delivering `event` to every target of `rule`, or to `targets` of it (the deliveries a
   * journal says are still owed, a redriven one); the first attempts run on the next turn.
   */
  dispatch(
    rule: LocalRule,
    event: BusEvent,
    receivedAt: number,
    targets: readonly LocalRuleTarget[] = rule.targets,
    options: DispatchOptions = {},
  ): void {
    if (this.#closed) return;
    for (const target of targets) {
      this.#stats.deliveries += 1;
      this.#inFlight += 1;
      this.#schedule(
        {
          rule,
          target,
          event,
          receivedAt,
          traceHeader: options.traceHeader,
          redriveOf: options.redriveOf,
          attempts: 0,
        },
        0,
      );
    }
  }

  /** Resolves once no delivery is in flight (at once when none is). */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Cancels waiting retries; attempts under way finish but schedule nothing more. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#inFlight = 0;
    this.#settle();
  }

  #schedule(delivery: Delivery, delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(delivery);
    }, delayMs);
    this.#timers.add(timer);
  }

  async #attempt(delivery: Delivery): Promise<void> {
    if (this.#closed) return;
    delivery.attempts += 1;
    let outcome: InvokeResult | { readonly thrown: unknown };
    try {
      outcome = await this.#options.invoker.invoke(
        delivery.target.functionId,
        delivery.event,
        delivery.traceHeader === undefined ? {} : { traceHeader: delivery.traceHeader },
      );
    } catch (thrown) {
      outcome = { thrown };
    }
    if (this.#closed) return;
    // An event without a trace is delivered in a new one each attempt, as Lambda gives it: the
    // report names that one, which the subscriber's logs and calls carry.
    const ranIn = 'thrown' in outcome ? undefined : outcome.traceHeader;
    if (!('thrown' in outcome) && outcome.ok) {
      this.#stats.delivered += 1;
      this.#report({
        kind: 'delivered',
        ...this.#names(delivery, ranIn),
        attempts: delivery.attempts,
        durationMs: outcome.durationMs,
      });
      this.#finish();
      return;
    }
    this.#failed(
      delivery,
      describeFailure(outcome),
      'thrown' in outcome ? undefined : outcome.durationMs,
      ranIn,
    );
  }

  #failed(delivery: Delivery, error: string, durationMs: number | undefined, ranIn?: string): void {
    const { target } = delivery;
    const retriesDone = delivery.attempts - 1;
    const delayMs = backoffDelay(this.#options.timing, retriesDone + 1);
    const ageAtNextAttempt = this.#options.clock.now().getTime() + delayMs - delivery.receivedAt;
    let gaveUp: string | undefined;
    if (retriesDone >= target.retryAttempts) {
      gaveUp = `retry attempts exhausted (retryAttempts ${String(target.retryAttempts)})`;
    } else if (ageAtNextAttempt > target.maxEventAgeSeconds * 1000) {
      gaveUp = `maximum event age reached (maxEventAgeSeconds ${String(target.maxEventAgeSeconds)})`;
    }
    if (gaveUp === undefined) {
      this.#stats.retried += 1;
      this.#report({
        kind: 'retrying',
        ...this.#names(delivery, ranIn),
        attempts: delivery.attempts,
        ...(durationMs === undefined ? {} : { durationMs }),
        delayMs,
        error,
      });
      this.#schedule(delivery, delayMs);
      return;
    }
    const queueId = target.deadLetterQueueId ?? UNROUTED_DLQ;
    const attempts = `${String(delivery.attempts)} attempt${delivery.attempts === 1 ? '' : 's'}`;
    const reason =
      `rule ${delivery.rule.id} could not deliver event ${delivery.event.id} to ${target.functionId}: ` +
      `gave up after ${attempts}, ${gaveUp}. Last error: ${error}`;
    let notParked = '';
    let parkedId: string | undefined = randomUUID();
    try {
      this.#options.parking.park({
        id: parkedId,
        queueId,
        at: this.#options.clock.now().toISOString(),
        body: delivery.event,
        reason,
        delivery: {
          ruleId: delivery.rule.id,
          functionId: target.functionId,
          busName: delivery.rule.busName,
          ...(delivery.traceHeader === undefined ? {} : { traceHeader: delivery.traceHeader }),
        },
      });
    } catch (error) {
      parkedId = undefined;
      notParked = ` (could not be parked: ${error instanceof Error ? error.message : String(error)})`;
    }
    this.#stats.parked += 1;
    this.#report({
      kind: 'parked',
      ...this.#names(delivery, ranIn),
      attempts: delivery.attempts,
      ...(durationMs === undefined ? {} : { durationMs }),
      queueId,
      reason: reason + notParked,
      ...(parkedId === undefined ? {} : { parkedId }),
    });
    this.#finish();
  }

  /** What every report of `delivery` says; its trace is the event's, else the one the attempt ran in. */
  #names(delivery: Delivery, ranIn?: string): DeliveryNames {
    const traceHeader = delivery.traceHeader ?? ranIn;
    return {
      ruleId: delivery.rule.id,
      functionId: delivery.target.functionId,
      eventId: delivery.event.id,
      detailType: delivery.event['detail-type'],
      source: delivery.event.source,
      ...(traceHeader === undefined ? {} : { traceHeader }),
      ...(delivery.redriveOf === undefined ? {} : { redriveOf: delivery.redriveOf }),
    };
  }

  #report(report: DeliveryReport): void {
    try {
      this.#options.onDelivery?.(report);
    } catch {
      // A broken listener must not stop deliveries.
    }
  }

  #finish(): void {
    this.#inFlight -= 1;
    this.#settle();
  }

  #settle(): void {
    if (this.#inFlight > 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }
}

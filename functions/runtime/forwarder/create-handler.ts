/**
 * The forwarder's Lambda handler, built from its collaborators so tests can pass their own;
 * handler.ts wires the real ones from the environment.
 *
 * Per invocation: forward the batch (forward.ts) with the time the invocation has left, add the
 * metrics (metrics.ts), publish them, answer `batchItemFailures`. It does not throw: even a bug in
 * the forwarder is answered with a failure at the batch's first record (retried whole by the
 * stream) rather than an exception.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { batchResponse } from './checkpoint';
import { type ForwardOptions, forwardRecords } from './forward';
import type { ForwarderLog } from './log';
import { addForwarderMetrics, type MetricsSink } from './metrics';
import { errorName } from './retry-policy';

/** What {@link forwardRecords} takes, but the time left (read per invocation), plus logging and metrics. */
export interface ForwarderHandlerDeps extends Omit<ForwardOptions, 'remainingTimeMs' | 'log'> {
  /** Powertools' Logger fits; `addContext` stamps the invocation on every line. */
  readonly log: ForwarderLog & { addContext?(context: Context): void };
  /** Powertools' Metrics fits. */
  readonly metrics: MetricsSink & { publishStoredMetrics(): unknown };
}

export type ForwarderHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse>;

export function createForwarderHandler(deps: ForwarderHandlerDeps): ForwarderHandler {
  const { config, client, log, metrics, ...tuning } = deps;
  return async (event, context) => {
    const records = event.Records ?? [];
    try {
      log.addContext?.(context);
      const { response, summary } = await forwardRecords(records, {
        ...tuning,
        config,
        client,
        log,
        remainingTimeMs: context.getRemainingTimeInMillis(),
      });
      addForwarderMetrics(metrics, summary);
      return response;
    } catch (error) {
      log.error('forwarder bug: the whole batch will be retried', {
        error_name: errorName(error),
        error_message: error instanceof Error ? error.message : String(error),
        records: records.length,
      });
      return batchResponse(records, records.length > 0 ? [0] : []);
    } finally {
      try {
        metrics.publishStoredMetrics();
      } catch (error) {
        log.warn('metrics could not be published', { error_name: errorName(error) });
      }
    }
  };
}

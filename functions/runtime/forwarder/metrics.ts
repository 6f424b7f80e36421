/**
 * The forwarder's CloudWatch metrics (count per invocation), from its summary:
 * RecordsReceived, EventsPut, EntriesRetried, EntriesFailed, RecordsSkipped, RecordsUnusable
 * (the part of RecordsSkipped that should have been events) and RecordsParked (the
 * unusable records put on the parking queue; the rest are retried by the stream).
 */
import type { ForwardSummary } from './forward';

/** Powertools' `Metrics` fits this. */
export interface MetricsSink {
  addMetric(name: string, unit: 'Count', value: number): unknown;
}

export const FORWARDER_METRICS = Object.freeze([
  'RecordsReceived',
  'EventsPut',
  'EntriesRetried',
  'EntriesFailed',
  'RecordsSkipped',
  'RecordsUnusable',
  'RecordsParked',
] as const);

export type ForwarderMetric = (typeof FORWARDER_METRICS)[number];

export function forwarderMetrics(summary: ForwardSummary): Record<ForwarderMetric, number> {
  return {
    RecordsReceived: summary.recordsReceived,
    EventsPut: summary.eventsPut,
    EntriesRetried: summary.entriesRetried,
    EntriesFailed: summary.entriesFailed,
    RecordsSkipped: summary.recordsSkipped,
    RecordsUnusable: summary.recordsUnusable,
    RecordsParked: summary.recordsParked,
  };
}

/** Adds every forwarder metric (zeros too, so alarms see data points) to `sink`. */
export function addForwarderMetrics(sink: MetricsSink, summary: ForwardSummary): void {
  for (const [name, value] of Object.entries(forwarderMetrics(summary))) sink.addMetric(name, 'Count', value);
}

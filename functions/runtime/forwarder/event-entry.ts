/**
 * The EventBridge entry of one resource event, built in one place: the forwarder builds it for a
 * stream record (map-record.ts), `dev republish` for a stored item (lib/ops/republish.ts), so an
 * event means the same whoever put it: `source` `tributary.<service>`, `detail-type`
 * `<resource>.<action>`, `detail` exactly `{ id, event_id, version, occurred_at }` in that order, and
 * `Time` the instant of `occurred_at`, and `TraceHeader` the write's trace when it was kept (not
 * counted in the entry's size, as EventBridge counts it).
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { detailType, type EventAction, type EventDetail, eventSource, TRACE_ATTRIBUTE } from '../conventions';
import { formatXRayHeader, parseXRayHeader, type TraceContext } from '../trace-context';
import { entrySize } from './entry-size';

/** What an event is about, and where it goes. */
export interface ResourceEvent {
  readonly eventBusName: string;
  readonly service: string;
  readonly resource: string;
  readonly action: EventAction;
  readonly id: string;
  readonly eventId: string;
  readonly version: number;
  /** When the change happened. */
  readonly at: Date;
  /** The trace of the write, when it was kept: the entry's `TraceHeader`, so X-Ray follows the event. */
  readonly trace?: TraceContext | undefined;
}

export interface EventEntry {
  readonly detail: EventDetail;
  readonly entry: PutEventsRequestEntry;
  /** {@link entrySize} of `entry`: what it counts against a call's 256 KB. */
  readonly size: number;
}

/**
 * The trace a stored item kept of the write that made it (`_trace`, the repository's), read
 * strictly: a missing or malformed one is no trace, never echoed into an entry. The forwarder reads
 * it from a stream record's new image, republish from the item it queried, so both put the same
 * `TraceHeader` for the same item.
 */
export function keptTrace(item: Readonly<Record<string, unknown>>): TraceContext | undefined {
  const header = item[TRACE_ATTRIBUTE];
  return typeof header === 'string' ? parseXRayHeader(header) : undefined;
}

/** The entry of `event`, its detail and its size. */
export function eventEntry(event: ResourceEvent): EventEntry {
  const detail: EventDetail = {
    id: event.id,
    event_id: event.eventId,
    version: event.version,
    occurred_at: event.at.toISOString(),
  };
  const entry: PutEventsRequestEntry = {
    EventBusName: event.eventBusName,
    Source: eventSource(event.service),
    DetailType: detailType(event.resource, event.action),
    Detail: JSON.stringify(detail),
    Time: event.at,
    ...(event.trace === undefined ? {} : { TraceHeader: formatXRayHeader(event.trace) }),
  };
  return { detail, entry, size: entrySize(entry) };
}

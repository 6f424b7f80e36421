/**
 * The EventBridge entry of one resource event, built in one place: the forwarder builds it for a
 * stream record (map-record.ts), `dev republish` for a stored item (lib/ops/republish.ts), so an
 * event means the same whoever put it: `source` `tributary.<service>`, `detail-type`
 * `<resource>.<action>`, `detail` exactly `{ id, event_id, version, occurred_at }` in that order, and
 * `Time` the instant of `occurred_at`, and `TraceHeader` the write's trace when it was kept (not
 * counted in the entry's size, as EventBridge counts it).
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { detailType, type EventAction, type EventDetail, eventSource } from '../conventions';
import { formatXRayHeader, type TraceContext } from '../trace-context';
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

/**
 * The AsyncAPI 3.0 document of a validated spec: the event contract of a service, written by `dev
 * generate` beside openapi.json as asyncapi.json. What it holds, each part its own pure transform:
 * - `servers`: the shared EventBridge bus (AsyncAPI has no EventBridge binding: asyncapi/bindings
 *   #262, so the server is the bus's HTTPS endpoint and an `x-tributary-event-bus` extension names it);
 * - `channels`: one per detail-type the service publishes, and one per detail-type of another
 *   service it subscribes to, addressed by the detail-type and keyed by source and detail-type
 *   (two services may both publish `item.upserted`);
 * - `operations`: `send` for what the service publishes (its stream forwarder puts them), `receive`
 *   for each subscription (its subscriber Lambda behind an EventBridge rule);
 * - `components`: the EventBridge envelope each message is, with the id-only `detail` every event
 *   carries (functions/runtime/event-names.ts, lib/codegen/events.ts). No field of a resource is in
 *   a payload, so nothing annotated `personal_data` ever is: subscribers fetch what they need from
 *   the owner's API.
 */
import { detailType, eventSource, SYSTEM } from '../../../functions/runtime/conventions';
import { publishedEvents } from '../../contract/model';
import { camelCase, pascalCase } from '../../contract/names';
import type { EventKind, Spec } from '../../contract/schema';

export const ASYNCAPI_VERSION = '3.0.0';
/** Specs carry no version; AsyncAPI requires one (as OpenAPI's document.ts). */
export const EVENT_CONTRACT_VERSION = '1.0.0';
/** The server every channel is on. */
export const BUS_SERVER = 'eventBus';
/** The schema of every event's `detail`. */
export const EVENT_DETAIL_SCHEMA = 'EventDetail';

type JsonObject = Record<string, unknown>;

/** One event on the bus: who publishes it, of which resource, which kind. */
export interface BusEvent {
  readonly service: string;
  readonly resource: string;
  readonly event: EventKind;
}

/** `orders`, `order`, `upserted` → `ordersOrderUpserted`: unique per source and detail-type. */
export function channelKey(event: BusEvent): string {
  return camelCase(`${event.service}_${event.resource}_${event.event}`);
}

/** `OrdersOrderUpserted`: the message and its payload schema. */
export function messageKey(event: BusEvent): string {
  return pascalCase(`${event.service}_${event.resource}_${event.event}`);
}

const compareEvents = (a: BusEvent, b: BusEvent) =>
  channelKey(a) < channelKey(b) ? -1 : channelKey(a) > channelKey(b) ? 1 : 0;

/** What the service publishes: every event of every resource that has any, sorted. */
export function publishedBusEvents(spec: Spec): BusEvent[] {
  return Object.entries(spec.resources ?? {})
    .flatMap(([resource, def]) =>
      publishedEvents(def).map((event) => ({ service: spec.name, resource, event })),
    )
    .sort(compareEvents);
}

/** What the service receives: every event its subscriptions name, sorted, each once. */
export function receivedBusEvents(spec: Spec): BusEvent[] {
  const byKey = new Map<string, BusEvent>();
  for (const subscription of spec.subscriptions ?? []) {
    for (const event of subscription.events) {
      const busEvent = { service: subscription.service, resource: subscription.resource, event };
      byKey.set(channelKey(busEvent), busEvent);
    }
  }
  return [...byKey.values()].sort(compareEvents);
}

/** `info`: the service, what the document covers, and where it comes from. */
export function infoObject(spec: Spec): JsonObject {
  return {
    title: `${spec.name} events`,
    version: EVENT_CONTRACT_VERSION,
    description:
      `The events the ${spec.name} service publishes on the shared bus and the events it subscribes to. ` +
      "Every event carries the changed resource's id and version only: a subscriber fetches the resource " +
      "from its owner's API (a 404 means it is gone). Generated from " +
      `api-specs/${spec.name}.json by \`dev generate\`.`,
  };
}

/** `servers`: the stage's EventBridge bus, `tributary-<stage>`. */
export function serversObject(): JsonObject {
  return {
    [BUS_SERVER]: {
      host: 'events.{region}.amazonaws.com',
      protocol: 'https',
      title: 'The shared EventBridge bus',
      description: `The stage's custom event bus, named ${SYSTEM}-<stage> (${SYSTEM}-dev, ${SYSTEM}-prod). Publishers call PutEvents on it; subscribers are EventBridge rules on it that match source and detail-type.`,
      variables: {
        region: { default: 'us-east-1', description: 'The AWS Region the stage is deployed to.' },
      },
      'x-tributary-event-bus': `${SYSTEM}-{stage}`,
    },
  };
}

function eventDescription(event: BusEvent): string {
  return event.event === 'upserted'
    ? `An item of resource ${event.resource} of ${event.service} was created or changed (one event per write that changed it).`
    : `An item of resource ${event.resource} of ${event.service} was deleted.`;
}

/** One channel: the detail-type on the bus, its source as an extension. */
export function channelObject(event: BusEvent): JsonObject {
  const message = messageKey(event);
  return {
    address: detailType(event.resource, event.event),
    title: `${eventSource(event.service)} ${detailType(event.resource, event.event)}`,
    description: eventDescription(event),
    servers: [{ $ref: `#/servers/${BUS_SERVER}` }],
    messages: { [message]: { $ref: `#/components/messages/${message}` } },
    'x-tributary-source': eventSource(event.service),
  };
}

/** `channels`: what the service publishes, then what it receives, each sorted. */
export function channelsObject(spec: Spec): JsonObject {
  const events = [...publishedBusEvents(spec), ...receivedBusEvents(spec)];
  return Object.fromEntries(events.map((event) => [channelKey(event), channelObject(event)]));
}

/** `operations`: `send<Channel>` for each published event, `receive<Channel>` for each received one. */
export function operationsObject(spec: Spec): JsonObject {
  const operations: JsonObject = {};
  for (const event of publishedBusEvents(spec)) {
    const channel = channelKey(event);
    operations[`send${pascalCase(channel)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channel}` },
      summary: `The ${spec.name} stream forwarder puts ${detailType(event.resource, event.event)} for every stored change.`,
      messages: [{ $ref: `#/channels/${channel}/messages/${messageKey(event)}` }],
    };
  }
  for (const subscription of spec.subscriptions ?? []) {
    for (const kind of subscription.events) {
      const event = { service: subscription.service, resource: subscription.resource, event: kind };
      const channel = channelKey(event);
      operations[`receive${pascalCase(channel)}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${channel}` },
        summary:
          subscription.description ??
          `${spec.name} subscribes to ${detailType(event.resource, event.event)} of ${event.service}.`,
        messages: [{ $ref: `#/channels/${channel}/messages/${messageKey(event)}` }],
      };
    }
  }
  return Object.fromEntries(Object.entries(operations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The `detail` of every event (lib/codegen/events.ts `eventDetailSchema`), as JSON Schema. */
export function eventDetailSchema(): JsonObject {
  return {
    type: 'object',
    description: "Identifiers and metadata only: the resource's data is fetched from its owner's API.",
    required: ['id', 'event_id', 'version', 'occurred_at'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', minLength: 1, description: "The resource's id." },
      event_id: {
        type: 'string',
        minLength: 1,
        description: 'Unique per change (the stream record id): subscribers deduplicate on it.',
      },
      version: {
        type: 'integer',
        minimum: 1,
        description: "The resource's version after the change (before it, for a deletion).",
      },
      occurred_at: { type: 'string', format: 'date-time', description: 'When the change happened.' },
    },
  };
}

/** The EventBridge event a subscriber receives for `event`: the envelope, its source and detail-type fixed. */
export function envelopeSchema(event: BusEvent): JsonObject {
  return {
    type: 'object',
    description: `The EventBridge event a rule delivers for ${detailType(event.resource, event.event)} of ${eventSource(event.service)}.`,
    required: ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail'],
    properties: {
      version: { type: 'string', const: '0' },
      id: { type: 'string', description: "EventBridge's id of the event." },
      'detail-type': { type: 'string', const: detailType(event.resource, event.event) },
      source: { type: 'string', const: eventSource(event.service) },
      account: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      region: { type: 'string' },
      resources: { type: 'array', items: { type: 'string' }, maxItems: 0 },
      detail: { $ref: `#/components/schemas/${EVENT_DETAIL_SCHEMA}` },
    },
  };
}

/** `components`: one message and one payload schema per channel, and the shared detail schema. */
export function componentsObject(spec: Spec): JsonObject {
  const events = [...publishedBusEvents(spec), ...receivedBusEvents(spec)];
  const schemas: JsonObject = { [EVENT_DETAIL_SCHEMA]: eventDetailSchema() };
  const messages: JsonObject = {};
  for (const event of events) {
    const key = messageKey(event);
    schemas[key] = envelopeSchema(event);
    messages[key] = {
      name: key,
      title: `${eventSource(event.service)} ${detailType(event.resource, event.event)}`,
      summary: eventDescription(event),
      contentType: 'application/json',
      payload: { $ref: `#/components/schemas/${key}` },
    };
  }
  return { schemas, messages };
}

/** The AsyncAPI 3.0 document of a validated spec. */
export function asyncApiDocument(spec: Spec): JsonObject {
  return {
    asyncapi: ASYNCAPI_VERSION,
    id: `urn:${SYSTEM}:${spec.name}:events`,
    info: infoObject(spec),
    defaultContentType: 'application/json',
    servers: serversObject(),
    channels: channelsObject(spec),
    operations: operationsObject(spec),
    components: componentsObject(spec),
  };
}

/**
 * What one service's generated wiring needs to know of the others: the services it calls (one
 * generated client each: the spec's `calls` and its subscriptions' calls), and for each of its
 * subscriptions, the publisher's names (event constants, the resource's model, the client method
 * that fetches one item). Pure: specs in, facts out.
 */
import { allOperations, isListOperation, publishedEvents, subscriptionCalls } from '../contract/model';
import { camelCase, clientClassName, detailTypeConstant, operationIds, pascalCase } from '../contract/names';
import type { EventKind, Spec, Subscription } from '../contract/schema';
import { readerTypeName, readerTypes } from './readers';

/** A service this one calls, and the property of the service's `clients` holding its client. */
export interface CalledService {
  readonly service: string;
  /** `users` → `users`; `order_items` → `orderItems`. */
  readonly property: string;
  /** `UsersClient`. */
  readonly clientClass: string;
}

export interface SubscriptionLink {
  readonly subscription: Subscription;
  readonly publisher: string;
  readonly resource: string;
  readonly events: readonly EventKind[];
  /** Events the publisher's resource publishes that this subscription does not take: acknowledged unhandled. */
  readonly ignoredEvents: readonly EventKind[];
  /** `USER_DELETED` per event, from the publisher's generated events.ts. */
  readonly detailTypeConstants: Readonly<Record<EventKind, string>>;
  /** The resource's type as the publisher's client reads it (`UserRead`, or `User` when it has no enum). */
  readonly modelType: string;
  /** The publisher's generated module that exports {@link modelType}: `readers` or `models`. */
  readonly modelModule: 'readers' | 'models';
  /** The publisher's client method that fetches one item (`getUser`), when it has a `GET <path>/:id`. */
  readonly fetchMethod: string | undefined;
  /** The publisher as a called service: its client fetches the item. */
  readonly client: CalledService;
}

export function calledService(service: string): CalledService {
  return { service, property: camelCase(service), clientClass: clientClassName(service) };
}

/** Every service `spec` calls, sorted: its operations' `calls` and its subscriptions' (default included). */
export function calledServices(spec: Spec, specs: ReadonlyMap<string, Spec>): CalledService[] {
  const names = new Set<string>();
  for (const op of allOperations(spec)) for (const call of op.operation.calls ?? []) names.add(call.service);
  for (const subscription of spec.subscriptions ?? []) {
    for (const call of subscriptionCalls(subscription, specs.get(subscription.service)))
      names.add(call.service);
  }
  names.delete(spec.name);
  return [...names].sort().map(calledService);
}

/** The facts of each subscription of `spec`, in spec order. */
export function subscriptionLinks(spec: Spec, specs: ReadonlyMap<string, Spec>): SubscriptionLink[] {
  return (spec.subscriptions ?? []).map((subscription) => {
    const publisher = specs.get(subscription.service);
    const resource = publisher?.resources?.[subscription.resource];
    const published = resource === undefined ? [] : publishedEvents(resource);
    let fetchMethod: string | undefined;
    if (publisher !== undefined) {
      const ids = operationIds(publisher);
      const get = allOperations(publisher).find(
        (op) =>
          op.resourceName === subscription.resource &&
          op.operation.method === 'GET' &&
          !isListOperation(op.path, op.operation) &&
          /^\/:[A-Za-z0-9_]+$/.test(op.operation.path ?? ''),
      );
      fetchMethod = get === undefined ? undefined : ids.get(get.key);
    }
    return {
      subscription,
      publisher: subscription.service,
      resource: subscription.resource,
      events: [...subscription.events],
      ignoredEvents: published.filter((event) => !subscription.events.includes(event)),
      detailTypeConstants: {
        upserted: detailTypeConstant(subscription.resource, 'upserted'),
        deleted: detailTypeConstant(subscription.resource, 'deleted'),
      },
      ...(publisher !== undefined && readerTypes({ spec: publisher }).has(subscription.resource)
        ? { modelType: readerTypeName(subscription.resource), modelModule: 'readers' as const }
        : { modelType: pascalCase(subscription.resource), modelModule: 'models' as const }),
      fetchMethod,
      client: calledService(subscription.service),
    };
  });
}

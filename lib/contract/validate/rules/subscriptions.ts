import { publishedEvents } from '../../model';
import { didYouMean } from '../../suggest';
import type { GraphRule, LoadedSpec, SpecRule } from '../context';
import { forEachRepeat, nameHint, own } from './walk';

export const serviceNameUnique: GraphRule = {
  id: 'service-name-unique',
  description: 'No two specs describe a service of the same name.',
  check(specs, report) {
    forEachRepeat(
      specs,
      (loaded) => loaded.spec.name,
      (i, first) => {
        const loaded = specs[i];
        const earlier = specs[first];
        if (!loaded || !earlier) return;
        report(
          loaded,
          ['name'],
          `service "${loaded.spec.name}" is also described by ${earlier.file}`,
          'Service names are unique across api-specs/: rename one of the services (and its file), or merge them.',
        );
      },
    );
  },
};

export const subscriptionTarget: GraphRule = {
  id: 'subscription-target',
  description:
    'A subscription names an existing service, a resource of it, and events that resource publishes.',
  check(specs, report) {
    const services = new Map<string, LoadedSpec>();
    for (const loaded of specs) if (!services.has(loaded.spec.name)) services.set(loaded.spec.name, loaded);
    for (const loaded of specs) {
      (loaded.spec.subscriptions ?? []).forEach((subscription, k) => {
        const path = ['subscriptions', k];
        const publisher = services.get(subscription.service);
        if (!publisher) {
          report(
            loaded,
            [...path, 'service'],
            `subscription to unknown service "${subscription.service}"`,
            nameHint(
              didYouMean(subscription.service, services.keys()),
              `Known services: ${[...services.keys()].sort().join(', ')} (a spec with errors of its own is not known until they are fixed).`,
            ),
          );
          return;
        }
        const resources = publisher.spec.resources ?? {};
        const resource = own(resources, subscription.resource);
        if (!resource) {
          report(
            loaded,
            [...path, 'resource'],
            `service "${subscription.service}" has no resource "${subscription.resource}"`,
            nameHint(
              didYouMean(subscription.resource, Object.keys(resources)),
              `Resources of "${subscription.service}": ${Object.keys(resources).join(', ') || 'none'}.`,
            ),
          );
          return;
        }
        const published = publishedEvents(resource);
        subscription.events.forEach((event, j) => {
          if (published.includes(event)) return;
          report(
            loaded,
            [...path, 'events', j],
            `resource "${subscription.resource}" of service "${subscription.service}" does not publish "${event}"` +
              (published.length > 0
                ? ` (it publishes: ${published.join(', ')})`
                : ' (it publishes no events)'),
            published.length > 0
              ? `Subscribe to ${published.map((e) => `"${e}"`).join(' or ')}, or make the publisher list "${event}" in its events.`
              : 'Only a stored resource publishes events: the publisher must give it "storage".',
          );
        });
      });
    }
  },
};

export const subscriptionUnique: SpecRule = {
  id: 'subscription-unique',
  description: 'A spec subscribes to a service and resource once, and lists each event once.',
  check(spec, report) {
    const subscriptions = spec.subscriptions ?? [];
    forEachRepeat(
      subscriptions,
      (s) => JSON.stringify([s.service, s.resource]),
      (k, first, s) =>
        report(
          ['subscriptions', k],
          `subscription to "${s.resource}" of service "${s.service}" is given twice (first at subscriptions[${first}])`,
          'Merge them into one subscription listing all the events.',
        ),
    );
    subscriptions.forEach((s, k) => {
      forEachRepeat(
        s.events,
        (e) => e,
        (j, _first, event) =>
          report(
            ['subscriptions', k, 'events', j],
            `event "${event}" is listed twice in the subscription to "${s.resource}" of service "${s.service}"`,
            'Remove the repeat.',
          ),
      );
    });
  },
};

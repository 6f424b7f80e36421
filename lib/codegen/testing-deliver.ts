/**
 * `generated/testing/deliver.ts`: per subscription of the service, a function that delivers one
 * event of the publisher's resource to the subscriber's generated Lambda wiring (`makeSubscriber`
 * of generated/lambdas/on-<publisher>-<resource>.ts), as the bus would, with the test's
 * dependencies (a fake's `deps`, whose client of the publisher is the publisher's fake) and an
 * in-memory dedupe store: functions/runtime/testing/deliver.ts does the work.
 *
 *   deliverUsersUser('deleted', userId, { deps: orders.deps })  // → { outcome, logs, event, dedupe }
 */

import { constantCase, pascalCase } from '../contract/names';
import type { EventKind } from '../contract/schema';
import type { ServiceContext } from './context';
import { subscriberName } from './layout';
import { depsTypeName } from './service-deps';
import type { SubscriptionLink } from './service-links';
import { header, jsdoc, stringLiteral } from './source';

/** `users`, `user` → `deliverUsersUser`. */
export function deliverFunctionName(publisher: string, resource: string): string {
  return `deliver${pascalCase(publisher)}${pascalCase(resource)}`;
}

/** The events a subscriber may receive of its publisher's resource: those it takes and those it acknowledges. */
function kindsOf(link: SubscriptionLink): EventKind[] {
  const kinds = new Set<EventKind>([...link.events, ...link.ignoredEvents]);
  return (['upserted', 'deleted'] as const).filter((kind) => kinds.has(kind));
}

export function generateTestingDeliver(ctx: ServiceContext, links: readonly SubscriptionLink[]): string {
  const deps = depsTypeName(ctx.service);
  // One import per publisher's events module, every constant aliased by publisher (two publishers may both have a `user`).
  const eventImports = new Map<string, Set<string>>();
  const lambdaImports: string[] = [];
  const functions: string[] = [];
  for (const link of links) {
    const prefix = constantCase(link.publisher);
    const specifiers = eventImports.get(link.publisher) ?? new Set<string>();
    eventImports.set(link.publisher, specifiers);
    specifiers.add(`EVENT_SOURCE as ${prefix}_EVENT_SOURCE`);
    const kinds = kindsOf(link);
    for (const kind of kinds) {
      const constant = link.detailTypeConstants[kind];
      specifiers.add(`${constant} as ${prefix}_${constant}`);
    }
    const name = subscriberName(link.publisher, link.resource);
    const local = `${pascalCase(link.publisher)}${pascalCase(link.resource)}`;
    lambdaImports.push(
      `import { makeSubscriber as make${local}Subscriber, SUBSCRIBER_NAME as ${constantCase(name)}_SUBSCRIBER } from '../lambdas/on-${name}';`,
    );
    const kindType = kinds.map((kind) => stringLiteral(kind)).join(' | ');
    functions.push(
      [
        `${jsdoc(
          `Delivers an event of ${link.publisher}'s \`${link.resource}\` (${kinds.map((kind) => `\`${link.resource}.${kind}\``).join(', ')}) about \`id\` to the ${ctx.service} subscriber ${name}, as the bus would.`,
          `It takes ${link.events.map((kind) => `\`${kind}\``).join(' and ')}${link.ignoredEvents.length > 0 ? ` and acknowledges ${link.ignoredEvents.map((kind) => `\`${kind}\``).join(' and ')} unhandled` : ''}.`,
          'Resolves with what happened (`outcome`, `logs`); rejects with the error the deployed invocation would fail with.',
        )}export function ${deliverFunctionName(link.publisher, link.resource)}(kind: ${kindType}, id: string, options: DeliverOptions<${deps}>): Promise<Delivery> {`,
        `const detailTypes = { ${kinds.map((kind) => `${kind}: ${prefix}_${link.detailTypeConstants[kind]}`).join(', ')} } as const;`,
        'return deliver(',
        '{',
        `subscriber: ${constantCase(name)}_SUBSCRIBER,`,
        `makeSubscriber: make${local}Subscriber,`,
        `source: ${prefix}_EVENT_SOURCE,`,
        'detailType: detailTypes[kind],',
        'personalFields: LOGGED_PERSONAL_FIELDS,',
        '},',
        'id,',
        'options,',
        ');',
        '}',
      ].join('\n'),
    );
  }
  const imports = [
    "import { type DeliverOptions, type Delivery, deliver } from '../../../runtime/testing/deliver';",
    ...[...eventImports].map(
      ([publisher, specifiers]) =>
        `import { ${[...specifiers].join(', ')} } from '../../../${publisher}/generated/events';`,
    ),
    ...lambdaImports,
    `import { LOGGED_PERSONAL_FIELDS, type ${deps} } from '../service';`,
  ];
  return `${[header(ctx.file), imports.join('\n'), ...functions].join('\n\n')}\n`;
}

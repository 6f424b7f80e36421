/**
 * `generated/lambdas/*.ts`: the Lambda entry of every operation and subscription, the files the
 * CDK app bundles. Each is a few lines of wiring, the same for every service, so nobody writes
 * them: the HTTP adapter over the operation's implementation with the service's dependencies, or
 * the subscriber adapter (dedupe on `event_id`, the publisher's source and detail types, the
 * owner's current state fetched through its generated client: functions/runtime/subscriber/
 * owner-state.ts) over what a person wrote in `subscribers/<publisher>-<resource>.ts`.
 *
 * Each entry also exports a factory taking the dependencies (`makeHandler(deps)`,
 * `makeSubscriber(deps, dedupe)`), so tests run the deployed wiring with their own.
 */
import type { OperationInfo, ServiceContext } from './context';
import { operationEntry, subscriberEntry, subscriberName } from './layout';
import { depsTypeName } from './service-deps';
import type { SubscriptionLink } from './service-links';
import { header, jsdoc, stringLiteral } from './source';

export interface LambdaFile {
  readonly path: string;
  readonly content: string;
}

function operationLambda(ctx: ServiceContext, op: OperationInfo): LambdaFile {
  const deps = depsTypeName(ctx.service);
  const descriptor = `${op.id}Operation`;
  const content = [
    header(ctx.file),
    [
      `${jsdoc(`${op.ref.key} (${op.id}): one Lambda behind its API Gateway route.`)}import { type HttpLambdaHandler, httpHandler } from '../../../runtime/http';`,
      "import { withDeps } from '../../../runtime/operation';",
      `import { ${op.id} } from '../implementations';`,
      `import { ${descriptor} } from '../operations';`,
      `import { defaultDeps, type ${deps} } from '../service';`,
    ].join('\n'),
    [
      `${jsdoc('The handler with the given dependencies (tests pass their own).')}export function makeHandler(deps: ${deps}): HttpLambdaHandler {`,
      `return httpHandler(${descriptor}, withDeps(${op.id}, deps), {\nlogger: deps.logger,\n...(deps.idempotency ? { idempotency: deps.idempotency } : {}),\n});`,
      '}',
      '',
      `${jsdoc("The deployed handler, with the container's dependencies (repositories made on first use).")}export const handler = makeHandler(defaultDeps());`,
    ].join('\n'),
  ].join('\n\n');
  return { path: operationEntry(ctx.service, op.id), content: `${content}\n` };
}

function subscriberLambda(ctx: ServiceContext, link: SubscriptionLink): LambdaFile {
  const deps = depsTypeName(ctx.service);
  const name = subscriberName(link.publisher, link.resource);
  const events = `../../../${link.publisher}/generated/events`;
  const handled = link.events.map((event) => link.detailTypeConstants[event]);
  const ignored = link.ignoredEvents.map((event) => link.detailTypeConstants[event]);
  const eventImports = ['EVENT_SOURCE', 'eventDetailSchema', ...handled, ...ignored].sort((a, b) =>
    a.toLowerCase() < b.toLowerCase() ? -1 : 1,
  );
  const hasUpserted = link.events.includes('upserted');
  const hasDeleted = link.events.includes('deleted');
  const client = `deps.clients.${link.client.property}`;
  const handle =
    link.fetchMethod === undefined
      ? // The owner serves no GET of one item: nothing to confirm with, the event's id is all there is.
        [
          'handle: async (message) => {',
          ...(hasUpserted
            ? [
                `if (message.detailType === ${link.detailTypeConstants.upserted}) await written.onUpserted(message.detail.id, { deps, message });`,
              ]
            : []),
          ...(hasDeleted
            ? [
                `if (message.detailType === ${link.detailTypeConstants.deleted}) await written.onDeleted(message.detail.id, { deps, message });`,
              ]
            : []),
          '},',
        ]
      : [
          'handle: actOnOwnerState({',
          `fetch: (id) => ${client}.${link.fetchMethod}(id),`,
          ...(hasUpserted
            ? ['upserted: (current, message) => written.onUpserted(current, { deps, message }),']
            : []),
          ...(hasDeleted ? ['deleted: (id, message) => written.onDeleted(id, { deps, message }),'] : []),
          'logger: deps.logger,',
          '}),',
        ];
  const runtime = [
    ...(link.fetchMethod === undefined ? [] : ['actOnOwnerState']),
    'type DedupeStore',
    'DynamoDbDedupe',
    'lazySubscriber',
    'type SubscriberHandler',
    'subscriber',
  ];
  const content = [
    header(ctx.file),
    [
      `${jsdoc(
        `${ctx.service}: the subscriber to ${link.publisher}'s ${link.resource} events (${link.events.join(', ')}): one Lambda behind its EventBridge rule.`,
        `What it does is written in subscribers/${name}.ts.`,
      )}import { ${runtime.join(', ')} } from '../../../runtime/subscriber';`,
      `import { ${eventImports.join(', ')} } from '${events}';`,
      `import * as written from '../../subscribers/${name}';`,
      `import { defaultDeps, documentClient, tableName, type ${deps} } from '../service';`,
    ].join('\n'),
    [
      `${jsdoc("The subscriber's name: its files', and part of its dedupe records' keys.")}export const SUBSCRIBER_NAME = ${stringLiteral(name)};`,
      `${jsdoc('The subscriber with the given dependencies and dedupe store (tests pass their own).')}export function makeSubscriber(deps: ${deps}, dedupe: DedupeStore): SubscriberHandler {`,
      'return subscriber({',
      'source: EVENT_SOURCE,',
      `detailTypes: [${handled.join(', ')}],`,
      ...(ignored.length > 0 ? [`ignoredDetailTypes: [${ignored.join(', ')}],`] : []),
      'detailSchema: eventDetailSchema,',
      'dedupe,',
      'logger: deps.logger,',
      ...handle,
      '});',
      '}',
      `${jsdoc('The deployed handler, built on its first invocation: a missing `TABLE_NAME` fails that invocation (retried, then parked), not the import.')}export const handler = lazySubscriber(() =>`,
      'makeSubscriber(',
      'defaultDeps(),',
      'new DynamoDbDedupe({ client: documentClient, tableName, subscriber: SUBSCRIBER_NAME }),',
      '),',
      ');',
    ].join('\n'),
  ].join('\n\n');
  return { path: subscriberEntry(ctx.service, link.publisher, link.resource), content: `${content}\n` };
}

/** The Lambda entries of a service: one per operation, one per subscription. */
export function generateLambdas(ctx: ServiceContext, links: readonly SubscriptionLink[]): LambdaFile[] {
  return [
    ...ctx.operations.map((op) => operationLambda(ctx, op)),
    ...links.map((link) => subscriberLambda(ctx, link)),
  ];
}

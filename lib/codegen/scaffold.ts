/**
 * Stubs `dev generate` creates for what a person must write, and never overwrites: an honest
 * placeholder that compiles, is typed by the spec, and fails loudly until it is written.
 *
 * - A custom operation (not of a standard shape, standard-shape.ts) gets
 *   `handlers/<operation>.ts`, whose implementation answers 501 `not_implemented`.
 * - A subscription gets `subscribers/<publisher>-<resource>.ts`, with `onUpserted(current)` and/or
 *   `onDeleted(id)` per subscribed event; each throws, so an event is retried and then parked in the
 *   dead-letter queue, never acknowledged unhandled.
 *
 * Each stub carries the {@link STUB_MARKER}; `dev check` reports every file that still does, as a
 * warning naming it. The generated wiring (implementations.ts, lambdas/) imports these files, so a
 * written one that breaks its operation's types fails `tsc`.
 */
import type { OperationInfo, ServiceContext } from './context';
import { implementationFile, STUB_MARKER, subscriberFile, subscriberName } from './layout';
import { depsTypeName } from './service-deps';
import type { SubscriptionLink } from './service-links';
import { stringLiteral } from './source';

export interface ScaffoldFile {
  readonly path: string;
  readonly content: string;
}

const MARKER_LINE = `// ${STUB_MARKER}: written by \`dev generate\`; delete this line once the code below is yours (\`dev check\` warns while it is here).`;

export function operationStub(ctx: ServiceContext, op: OperationInfo): ScaffoldFile {
  const deps = depsTypeName(ctx.service);
  const descriptor = `${op.id}Operation`;
  const description = op.ref.operation.description ?? '';
  const content = [
    '/**',
    ` * ${op.ref.key} (${op.id})${description === '' ? '' : `: ${description}`}`,
    ' *',
    ' * Not of a standard shape, so it is yours to write: return one of the responses the spec declares',
    ' * (the type checker holds you to them) or throw an HttpError for a 4xx. `deps` holds the',
    " * service's repositories, the clients of the services it calls, the logger and the clock.",
    ' */',
    MARKER_LINE,
    "import { notImplemented } from '../../runtime/errors';",
    "import type { OperationImplementation } from '../../runtime/operation';",
    `import type { ${descriptor} } from '../generated/operations';`,
    `import type { ${deps} } from '../generated/service';`,
    '',
    `export const implementation: OperationImplementation<typeof ${descriptor}, ${deps}> = async (_request, _deps) => {`,
    `  throw notImplemented(${stringLiteral(op.id)});`,
    '};',
    '',
  ].join('\n');
  return { path: implementationFile(ctx.service, op.id), content };
}

export function subscriberStub(ctx: ServiceContext, link: SubscriptionLink): ScaffoldFile {
  const deps = depsTypeName(ctx.service);
  const name = subscriberName(link.publisher, link.resource);
  const confirmed = link.fetchMethod !== undefined;
  const lines = [
    '/**',
    ` * ${ctx.service}: what happens when ${link.publisher}'s ${link.resource} is ${link.events.join(' or ')}.`,
    ' *',
    confirmed
      ? ` * The generated wiring (generated/lambdas/on-${name}.ts) has already asked ${link.publisher} for the ${link.resource}'s`
      : ` * ${link.publisher} serves no GET of one ${link.resource}: the generated wiring passes the event's id as it is.`,
    ...(confirmed
      ? [
          ' * current state: `onUpserted` gets it as the owner says it is now, `onDeleted` runs once the owner',
          ' * has answered 404. A stale, forged or replayed event never reaches these functions.',
        ]
      : []),
    ' * Each must be idempotent (an event may come twice). Throwing fails the event: it is retried, then',
    ' * parked in the dead-letter queue.',
    ' */',
    MARKER_LINE,
    "import type { SubscriberContext } from '../../runtime/subscriber';",
    ...(confirmed && link.events.includes('upserted')
      ? [`import type { ${link.modelType} } from '../../${link.publisher}/generated/${link.modelModule}';`]
      : []),
    `import type { ${deps} } from '../generated/service';`,
    '',
  ];
  if (link.events.includes('upserted')) {
    const subject = confirmed ? `current: ${link.modelType}` : 'id: string';
    lines.push(
      `export async function onUpserted(${confirmed ? '_current' : '_id'}${subject.slice(subject.indexOf(':'))}, _context: SubscriberContext<${deps}>): Promise<void> {`,
      `  throw new Error(${stringLiteral(`${ctx.service}: subscribers/${name}.ts onUpserted is not written yet`)});`,
      '}',
      '',
    );
  }
  if (link.events.includes('deleted')) {
    lines.push(
      `export async function onDeleted(_id: string, _context: SubscriberContext<${deps}>): Promise<void> {`,
      `  throw new Error(${stringLiteral(`${ctx.service}: subscribers/${name}.ts onDeleted is not written yet`)});`,
      '}',
      '',
    );
  }
  return { path: subscriberFile(ctx.service, link.publisher, link.resource), content: lines.join('\n') };
}

/** Whether a written file still is the stub `dev generate` made (it carries the marker). */
export function isStub(content: string): boolean {
  return content.includes(STUB_MARKER);
}

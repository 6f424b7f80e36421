import { DEFAULT_LIST_SHARDS } from '../../../functions/runtime/conventions';
import { allOperations, publishedEvents } from '../model';
import { resourceIdPrefix } from '../names';
import { place } from '../place';
import type { Resource } from '../schema';
import type { DiffContext } from './context';
import { operationIdentity } from './context';
import { compareDescription } from './members';
import { NO_REACH, reachBoth } from './reach';

/**
 * Resource comparison: a removed resource (one change for it, its operations and its events),
 * the events a surviving or new resource publishes, its effective id prefix, its indexes' `ignore_case`,
 * its effective `list_shards`, and its description. A new resource has no
 * change of its own: its operations and events are reported as added. Its operations are compared
 * by operations.ts, wherever they live now.
 */

function removeResource(ctx: DiffContext, name: string, resource: Resource): void {
  const gone = allOperations(ctx.base.spec)
    .filter((ref) => ref.resourceName === name && !ctx.headOperations.has(operationIdentity(ref)))
    .map((ref) => ref.key);
  const events = publishedEvents(resource);
  const parts = [
    gone.length > 0 ? `operations ${gone.join(', ')}` : 'no operation still served elsewhere',
    events.length > 0 ? `events ${events.map((e) => `${name}.${e}`).join(', ')}` : 'no events',
  ];
  ctx.report({
    at: place.resource(ctx.service, name),
    path: ['resources', name],
    reach: reachBoth(gone),
    what: `resource "${name}" was removed (${parts.join('; ')})`,
    verdicts: [
      {
        side: 'any',
        rule: 'resource-removed',
        why: 'old clients calling its operations and subscribers of its events break',
      },
    ],
  });
}

/** `base` is undefined for a resource added since the base revision: every event it publishes is new. */
function compareEvents(ctx: DiffContext, name: string, base: Resource | undefined, head: Resource): void {
  const before = base ? publishedEvents(base) : [];
  const after = publishedEvents(head);
  const eventsPath = (event: string) => {
    const index = head.events?.indexOf(event as 'upserted' | 'deleted') ?? -1;
    return index >= 0 ? ['resources', name, 'events', index] : ['resources', name, 'events'];
  };
  for (const event of before) {
    if (after.includes(event)) continue;
    ctx.report({
      at: place.event(ctx.service, name, event),
      path: eventsPath(event),
      reach: NO_REACH,
      what: `resource "${name}" no longer publishes ${name}.${event}`,
      verdicts: [{ side: 'any', rule: 'event-removed', why: 'its subscribers stop hearing about changes' }],
    });
  }
  for (const event of after) {
    if (before.includes(event)) continue;
    ctx.report({
      at: place.event(ctx.service, name, event),
      path: eventsPath(event),
      reach: NO_REACH,
      what: `resource "${name}" now publishes ${name}.${event}`,
      verdicts: [{ side: 'any', rule: 'event-added', why: 'other services may subscribe to it' }],
    });
  }
}

/** A resource's effective id prefix, or undefined when none can be derived (the validator reports that). */
function idPrefixOf(name: string, resource: Resource): string | undefined {
  try {
    return resourceIdPrefix(name, resource);
  } catch {
    return undefined;
  }
}

/**
 * The effective id prefix (declared `id_prefix`, else derived from the name): declaring the one
 * that was derived changes nothing; any other change leaves every id minted before with the old
 * prefix, which the generated `is<Resource>Id` guards no longer recognize.
 */
function compareIdPrefix(
  ctx: DiffContext,
  name: string,
  base: Resource,
  head: Resource,
  operations: readonly string[],
): void {
  const before = idPrefixOf(name, base);
  const after = idPrefixOf(name, head);
  if (before === undefined || after === undefined || before === after) return;
  ctx.report({
    at: place.resource(ctx.service, name),
    path: ['resources', name, 'id_prefix'],
    reach: reachBoth(operations),
    what: `the id prefix of resource "${name}" changed from "${before}" to "${after}"`,
    verdicts: [
      {
        side: 'any',
        rule: 'resource-id-prefix-changed',
        why: `ids minted before keep "${before}-", and the generated id checks no longer recognize them`,
      },
    ],
  });
}

/**
 * An index's `ignore_case` turned on or off (indexes matched by their fields; an index added or
 * removed is storage, not on the wire, and not reported). Either way the values stored before are
 * indexed, and guarded, the other way: turned on, an item stored as `D@Example.com` is not found
 * under `d@example.com` and its guard does not stop a second `d@example.com`, and values that
 * differ only in case now clash; turned off, the folded index values and guards no longer match
 * the values looked up. Every item must be re-indexed first (a replace that changes nothing
 * writes nothing, so `dev republish` and a plain rewrite do not do it).
 */
function compareIndexCase(
  ctx: DiffContext,
  name: string,
  base: Resource,
  head: Resource,
  operations: readonly string[],
): void {
  const baseIndexes = base.storage?.indexes ?? [];
  (head.storage?.indexes ?? []).forEach((index, i) => {
    const before = baseIndexes.find((b) => JSON.stringify(b.fields) === JSON.stringify(index.fields));
    if (before === undefined) return;
    const was = before.ignore_case === true;
    const is = index.ignore_case === true;
    if (was === is) return;
    ctx.report({
      at: place.index(ctx.service, name, index.fields),
      path: ['resources', name, 'storage', 'indexes', i, 'ignore_case'],
      reach: reachBoth(operations),
      what: `index ${JSON.stringify(index.fields)} of resource "${name}" ${is ? 'now ignores' : 'no longer ignores'} letter case`,
      verdicts: [
        {
          side: 'any',
          rule: 'index-ignore-case-changed',
          why: is
            ? 'items stored before are indexed under their value as given, and stored values that differ only in case now clash'
            : 'items stored before are indexed under their case-folded value, which lookups no longer use',
        },
      ],
    });
  });
}

/**
 * The effective `storage.list_shards` (declared, else the default) of a resource stored at both
 * revisions changed. Every stored item's list partition (`_list`, `<resource>#<shard>`) was written
 * under the old count: under the new one the repository queries other partitions, so items drop out
 * of lists (or appear twice) until every item is rewritten, and cursors handed out before are refused.
 */
function compareListShards(
  ctx: DiffContext,
  name: string,
  base: Resource,
  head: Resource,
  operations: readonly string[],
): void {
  if (base.storage === undefined || head.storage === undefined) return;
  const before = base.storage.list_shards ?? DEFAULT_LIST_SHARDS;
  const after = head.storage.list_shards ?? DEFAULT_LIST_SHARDS;
  if (before === after) return;
  ctx.report({
    at: place.resource(ctx.service, name),
    path: ['resources', name, 'storage', 'list_shards'],
    reach: reachBoth(operations),
    what: `the list shards of resource "${name}" changed from ${before} to ${after}`,
    verdicts: [
      {
        side: 'any',
        rule: 'list-shards-changed',
        why: `items stored before sit in the list partitions of ${before} shards: lists miss them until every item is rewritten, and cursors handed out before are refused`,
      },
    ],
  });
}

export function compareResources(ctx: DiffContext): void {
  const headResources = ctx.head.spec.resources ?? {};
  for (const [name, base] of Object.entries(ctx.base.spec.resources ?? {})) {
    const head = Object.hasOwn(headResources, name) ? headResources[name] : undefined;
    if (!head) {
      removeResource(ctx, name, base);
      continue;
    }
    const operations = allOperations(ctx.head.spec)
      .filter((ref) => ref.resourceName === name)
      .map((ref) => ref.key);
    compareDescription(
      ctx,
      {
        label: `resource "${name}"`,
        at: place.resource(ctx.service, name),
        path: ['resources', name],
        reach: reachBoth(operations),
      },
      base.description,
      head.description,
    );
    compareIdPrefix(ctx, name, base, head, operations);
    compareIndexCase(ctx, name, base, head, operations);
    compareListShards(ctx, name, base, head, operations);
    compareEvents(ctx, name, base, head);
  }
  const baseResources = ctx.base.spec.resources ?? {};
  for (const [name, head] of Object.entries(headResources)) {
    if (!Object.hasOwn(baseResources, name)) compareEvents(ctx, name, undefined, head);
  }
}

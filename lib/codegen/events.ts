import { detailType, detailTypeConstant, eventSource, SYSTEM } from '../contract/names';
import type { ServiceContext } from './context';
import { header, jsdoc, stringLiteral } from './source';

/**
 * events.ts: what the service publishes. The event `source`, one constant per detail type
 * (`USER_UPSERTED = 'user.upserted'`), and the detail every event carries: identifiers and
 * metadata only, never the resource's data.
 */
export function generateEvents(ctx: ServiceContext): string {
  const declare = (name: string, origin: string, kind: 'value' | 'type' = 'value') =>
    ctx.declare('events', name, origin, kind);
  const parts: string[] = [header(ctx.file), "import { z } from 'zod';"];

  parts.push(
    [
      `${jsdoc('The system every service belongs to.')}export const ${declare('SYSTEM', 'the system name')} = ${stringLiteral(SYSTEM)};`,
      `${jsdoc("The `source` of this service's events on the shared bus.")}export const ${declare('EVENT_SOURCE', 'the event source')} = ${stringLiteral(eventSource(ctx.service))};`,
    ].join('\n'),
  );

  const resourceEntries: string[] = [];
  const allTypes: string[] = [];
  for (const stored of ctx.stored) {
    if (stored.events.length === 0) continue;
    const lines: string[] = [];
    const entry: string[] = [];
    for (const event of stored.events) {
      const constant = declare(
        detailTypeConstant(stored.name, event),
        `the detail type of event "${event}" of resource "${stored.name}"`,
      );
      const doc =
        event === 'upserted'
          ? `A \`${stored.name}\` was created or changed.`
          : `A \`${stored.name}\` was deleted.`;
      lines.push(`${jsdoc(doc)}export const ${constant} = ${stringLiteral(detailType(stored.name, event))};`);
      entry.push(`${event}: ${constant},`);
      allTypes.push(constant);
    }
    parts.push(lines.join('\n'));
    resourceEntries.push(`${stored.name}: {\n${entry.join('\n')}\n},`);
  }

  const detailTypes = declare('DETAIL_TYPES', 'the list of detail types');
  const detailTypeType = declare('DetailType', 'the detail type type', 'type');
  const byResource = declare('RESOURCE_EVENTS', 'the detail types by resource');
  parts.push(
    [
      `${jsdoc('Every detail type the service publishes.')}export const ${detailTypes} = [${allTypes.join(', ')}] as const;`,
      `export type ${detailTypeType} = (typeof ${detailTypes})[number];`,
      `${jsdoc('The detail type of each event of each stored resource, as the stream forwarder maps items to events.')}export const ${byResource} = {\n${resourceEntries.join('\n')}\n} as const;`,
    ].join('\n'),
  );

  const schema = declare('eventDetailSchema', 'the event detail schema');
  const type = declare('EventDetail', 'the event detail type', 'type');
  parts.push(
    [
      `${jsdoc(
        'The `detail` of every event: identifiers and metadata only. A subscriber that needs the data',
        "fetches it from the owner's API by `id` (a 404 means the resource is gone).",
      )}export const ${schema} = z.object({`,
      `${jsdoc("The resource's id.")}id: z.string().min(1),`,
      `${jsdoc('Unique per change (the stream record id): subscribers deduplicate on it.')}event_id: z.string().min(1),`,
      `${jsdoc("The resource's version after the change (before it, for a deletion).")}version: z.int().min(1),`,
      `${jsdoc('When the change happened.')}occurred_at: z.iso.datetime({ offset: true }),`,
      '});',
      `export type ${type} = z.output<typeof ${schema}>;`,
    ].join('\n'),
  );
  return `${parts.join('\n\n')}\n`;
}

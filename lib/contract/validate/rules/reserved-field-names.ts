import {
  INDEX_NAME_PREFIX,
  LIST_PARTITION_ATTRIBUTE,
  TABLE_KEY,
  TRACE_ATTRIBUTE,
  TTL_ATTRIBUTE,
  TYPE_ATTRIBUTE,
} from '../../../../functions/runtime/conventions';
import type { SpecRule } from '../context';
import { modelOf } from './walk';

/**
 * A stored resource's fields are attributes of its table item, beside the attributes the table
 * itself uses (functions/runtime/conventions/table-layout.ts). A field named like one of those would
 * be overwritten by the repository or overwrite its key, and every write of the resource would fail
 * at run time. `expires_at` is the table's TTL attribute: DynamoDB deletes an item whose
 * `expires_at` is a number of seconds in the past, so a field of that name is refused when it can
 * hold a number (`integer`, `long`, `double`, `json`); a date-time or string `expires_at` is text,
 * which TTL ignores, and stays allowed. Refused here, where the name is written, rather than as a
 * 500 or a vanished item at run time.
 */
const RESERVED: ReadonlyMap<string, string> = new Map([
  [TABLE_KEY, "the table's partition key"],
  [TYPE_ATTRIBUTE, "the item's resource type"],
  [LIST_PARTITION_ATTRIBUTE, 'the partition key of the list index'],
  [TRACE_ATTRIBUTE, "the write's trace"],
]);

/** The field types stored as a DynamoDB number (or that may be one: `json`), which TTL reads. */
const NUMBER_TYPES: ReadonlySet<string> = new Set(['integer', 'long', 'double', 'json']);

const TTL_REASON =
  "the table's time-to-live attribute and can hold a number: DynamoDB would delete the item once the time it holds has passed";

/** Why a field `name` of `type` may not be a stored resource's, or undefined when it may. */
export function reservedFieldReason(name: string, type: string): string | undefined {
  const reason = RESERVED.get(name);
  if (reason !== undefined) return reason;
  if (name === TTL_ATTRIBUTE && NUMBER_TYPES.has(type)) return TTL_REASON;
  return name.startsWith(INDEX_NAME_PREFIX)
    ? `the prefix of the storage indexes' key attributes (${INDEX_NAME_PREFIX}<resource>__<field>)`
    : undefined;
}

export const reservedFieldNames: SpecRule = {
  id: 'reserved-field-name',
  description: `A stored resource's model has no field named like an attribute the table uses: ${[...RESERVED.keys()].join(', ')}, a numeric ${TTL_ATTRIBUTE}, or a name starting with ${INDEX_NAME_PREFIX}.`,
  check(spec, report) {
    for (const [name, resource] of Object.entries(spec.resources ?? {})) {
      if (resource.storage === undefined) continue;
      const model = modelOf(spec, name);
      if (!model) continue; // resource-model reports it
      model.fields.forEach((field, i) => {
        const reason = reservedFieldReason(field.name, field.type);
        if (reason === undefined) return;
        report(
          ['models', name, 'fields', i, 'name'],
          `field "${field.name}" of model "${name}" is named like ${reason}, which every item of resource "${name}" already holds`,
          'Rename the field (e.g. add a word that says what it holds); the table keeps these names for itself.',
        );
      });
    }
  },
};

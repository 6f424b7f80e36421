import { tryParseTypeRef } from '../../type-ref';
import type { SpecRule } from '../context';
import { describeType, modelOf } from './walk';

/**
 * `ignore_case` folds the letter case of an index's values
 * (functions/runtime/repository/index-values.ts), which means something only for text: a number, a
 * boolean or an enum has no letter case to ignore, and a `uuid` or a date is compared as written
 * everywhere else in the system. So every field of such an index must be a `string`. Fields that are
 * not in the model are `storage-index`'s to report.
 */
export const indexIgnoreCase: SpecRule = {
  id: 'index-ignore-case',
  description: 'An index with `ignore_case` names only fields of type `string`.',
  check(spec, report) {
    for (const [name, resource] of Object.entries(spec.resources ?? {})) {
      const model = modelOf(spec, name);
      if (!model) continue; // resource-model reports it
      const fields = new Map(model.fields.map((field) => [field.name, field]));
      (resource.storage?.indexes ?? []).forEach((index, i) => {
        if (index.ignore_case !== true) return;
        index.fields.forEach((fieldName, j) => {
          const field = fields.get(fieldName);
          if (!field || field.type === 'string') return;
          const ref = tryParseTypeRef(field.type);
          const type = ref ? describeType(spec, ref, field.type) : `"${field.type}"`;
          report(
            ['resources', name, 'storage', 'indexes', i, 'fields', j],
            `index ${i} of resource "${name}" ignores case, but its field "${fieldName}" is of type ${type}: ignore_case applies only to strings`,
            'Remove "ignore_case", or index only string fields with it (a separate index for the others).',
          );
        });
      });
    }
  },
};

import type { SpecRule } from '../context';
import { forEachRepeat } from './walk';

export const enumValues: SpecRule = {
  id: 'enum-values',
  description: 'An enum has at least one value, and its value names are unique.',
  check(spec, report) {
    for (const [name, enumDef] of Object.entries(spec.enums ?? {})) {
      if (enumDef.values.length === 0) {
        report(
          ['enums', name, 'values'],
          `enum "${name}" has no values`,
          'Give it at least one value: { "name": "..." }.',
        );
      }
      forEachRepeat(
        enumDef.values,
        (value) => value.name,
        (i, first, value) =>
          report(
            ['enums', name, 'values', i, 'name'],
            `value "${value.name}" appears more than once in enum "${name}" (first at values[${first}])`,
            'Remove the repeat or rename it.',
          ),
      );
    }
  },
};

import { BUILT_INS, PRIMITIVES } from '../../type-ref';
import type { SpecRule } from '../context';
import { own } from './walk';

export const typeNameUnique: SpecRule = {
  id: 'type-name-unique',
  description: 'A type name is used by one model or one enum, never by both.',
  check(spec, report) {
    for (const name of Object.keys(spec.enums ?? {})) {
      if (own(spec.models, name)) {
        report(
          ['enums', name],
          `type name "${name}" is used by both a model and an enum`,
          `Rename the enum or the model: a type reference "${name}" must mean one type.`,
        );
      }
    }
  },
};

const RESERVED: ReadonlySet<string> = new Set([...PRIMITIVES, ...BUILT_INS]);

export const typeNameReserved: SpecRule = {
  id: 'type-name-reserved',
  description:
    'No model or enum is named like a primitive or a built-in type (string, unit, generic_error, ...).',
  check(spec, report) {
    for (const [section, kind] of [
      ['models', 'model'],
      ['enums', 'enum'],
    ] as const) {
      for (const name of Object.keys(spec[section] ?? {})) {
        if (!RESERVED.has(name)) continue;
        const what = (BUILT_INS as readonly string[]).includes(name) ? 'built-in type' : 'primitive type';
        report(
          [section, name],
          `${kind} "${name}" has the name of the ${what} "${name}"`,
          `Rename the ${kind}: "${name}" always means the ${what}.`,
        );
      }
    }
  },
};

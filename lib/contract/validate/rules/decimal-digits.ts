import { digitsExcess, digitsProblem } from '../../decimal-digits';
import { MAX_DECIMAL_DIGITS } from '../../schema';
import { tryParseTypeRef } from '../../type-ref';
import type { SpecRule } from '../context';
import { show } from './default-value';
import { describeType, memberSites, mentionsSpecial, mentionsUnknown } from './walk';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** The least value of each key: a decimal has at least one digit, and may have none after the point. */
const LEAST = { precision: 1, scale: 0 } as const;

/**
 * `precision` and `scale` bound how many digits a `decimal` may have (lib/contract/decimal-digits.ts
 * says how they count): the generated zod checks them, and OpenAPI should carry them. They are
 * whole numbers in a sensible range, the scale is at most the precision (as SQL's NUMERIC(p, s)
 * requires: a scale above the precision only admits values such as 0.05 with precision 1 and scale
 * 2, and is far likelier the two keys swapped), and an `example` respects them
 * (a `default` is checked by `default-value`, with every other rule of its member).
 */
export const decimalDigits: SpecRule = {
  id: 'decimal-digits',
  description:
    '`precision` and `scale` are only on decimals, whole numbers (precision 1 to 100, scale 0 to 100), ' +
    'the scale at most the precision, and a decimal example has no more digits than they allow.',
  check(spec, report) {
    for (const { member, path, where } of memberSites(spec)) {
      if (member.precision === undefined && member.scale === undefined) continue;
      const ref = tryParseTypeRef(member.type);
      // Malformed, unknown and misplaced types are reported by their own rules.
      if (!ref || mentionsUnknown(spec, ref) || mentionsSpecial(ref)) continue;
      if (ref.kind !== 'primitive' || ref.name !== 'decimal') {
        for (const key of ['precision', 'scale'] as const) {
          if (member[key] === undefined) continue;
          report(
            [...path, key],
            `${key} on ${where} of type ${describeType(spec, ref, member.type)}: ${key} applies only to decimals`,
            ref.kind === 'list'
              ? `Remove "${key}": it cannot constrain the items of a list; use a model with a decimal field instead.`
              : `Remove "${key}", or make the type "decimal".`,
          );
        }
        continue;
      }
      let fits = true;
      for (const key of ['precision', 'scale'] as const) {
        const value = member[key];
        if (value === undefined) continue;
        if (Number.isInteger(value) && value >= LEAST[key] && value <= MAX_DECIMAL_DIGITS) continue;
        fits = false;
        report(
          [...path, key],
          `${key} of ${where} is ${show(value)}, not a whole number from ${LEAST[key]} to ${MAX_DECIMAL_DIGITS}`,
          key === 'precision'
            ? 'Give the most significant digits a value may have, e.g. 12.'
            : 'Give the most digits a value may have after the point, e.g. 2 (0 for whole numbers).',
        );
      }
      const { precision, scale } = member;
      if (fits && precision !== undefined && scale !== undefined && scale > precision) {
        report(
          [...path, 'scale'],
          `scale ${scale} of ${where} is more than its precision ${precision}`,
          'Swap them if they are swapped: the precision counts every significant digit, the scale only those after the point.',
        );
        fits = false;
      }
      if (fits && typeof member.example === 'string' && DECIMAL.test(member.example)) {
        const problem = digitsProblem(member.example, { precision, scale });
        if (problem) {
          report(
            [...path, 'example'],
            `example of ${where} is ${show(member.example)}, which has ${digitsExcess(problem)}`,
            'Write an example a client could send: within the precision and scale.',
          );
        }
      }
    }
  },
};

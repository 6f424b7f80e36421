import { type TypeRef, tryParseTypeRef } from '../../type-ref';
import type { SpecRule } from '../context';
import { INT32_MAX, INT32_MIN, show } from './default-value';
import { describeType, memberSites, mentionsSpecial, mentionsUnknown } from './walk';

/** What `minimum` and `maximum` bound for a type, or undefined when bounds do not apply. */
type Measure =
  | { readonly kind: 'value'; readonly whole: boolean; readonly least: number; readonly greatest: number }
  | { readonly kind: 'length' | 'count' };

function measureOf(ref: TypeRef): Measure | undefined {
  if (ref.kind === 'list') return { kind: 'count' };
  if (ref.kind !== 'primitive') return undefined;
  switch (ref.name) {
    case 'integer':
      return { kind: 'value', whole: true, least: INT32_MIN, greatest: INT32_MAX };
    case 'long':
      return {
        kind: 'value',
        whole: true,
        least: Number.MIN_SAFE_INTEGER,
        greatest: Number.MAX_SAFE_INTEGER,
      };
    case 'double':
    case 'decimal':
      return { kind: 'value', whole: false, least: -Number.MAX_VALUE, greatest: Number.MAX_VALUE };
    case 'string':
      return { kind: 'length' };
    default:
      return undefined;
  }
}

/** Why a bound cannot be used with this measure, if it cannot. */
function boundProblem(measure: Measure, bound: number, type: string): string | undefined {
  if (measure.kind === 'value') {
    if (measure.whole && !Number.isInteger(bound))
      return `is ${show(bound)}, but "${type}" holds whole numbers only`;
    if (bound < measure.least || bound > measure.greatest) {
      return `is ${show(bound)}, outside the range of "${type}" (${measure.least} to ${measure.greatest})`;
    }
    return undefined;
  }
  const what = measure.kind === 'length' ? 'a length' : 'an item count';
  if (!Number.isInteger(bound) || bound < 0)
    return `is ${show(bound)}, but it bounds ${what}: a whole number of 0 or more`;
  return undefined;
}

export const bounds: SpecRule = {
  id: 'bounds',
  description:
    '`minimum` and `maximum` are only on numbers (value), strings (length) and lists (item count), fit that measure, ' +
    'and minimum <= maximum.',
  check(spec, report) {
    for (const { member, path, where } of memberSites(spec)) {
      const { minimum, maximum } = member;
      if (minimum === undefined && maximum === undefined) continue;
      const ref = tryParseTypeRef(member.type);
      // Malformed, unknown and misplaced types are reported by their own rules.
      if (!ref || mentionsUnknown(spec, ref) || mentionsSpecial(ref)) continue;
      const measure = measureOf(ref);
      const given: Array<['minimum' | 'maximum', number]> = [];
      if (minimum !== undefined) given.push(['minimum', minimum]);
      if (maximum !== undefined) given.push(['maximum', maximum]);
      if (!measure) {
        for (const [key] of given) {
          report(
            [...path, key],
            `${key} on ${where} of type ${describeType(spec, ref, member.type)}: bounds apply only to numbers (integer, long, double, decimal), strings and lists`,
            `Remove "${key}"; for a fixed set of values use an enum, for a format use the description.`,
          );
        }
        continue;
      }
      let fits = true;
      for (const [key, bound] of given) {
        const problem = boundProblem(measure, bound, member.type);
        if (!problem) continue;
        fits = false;
        report([...path, key], `${key} of ${where} ${problem}`, `Make "${key}" fit what it bounds.`);
      }
      if (fits && minimum !== undefined && maximum !== undefined && minimum > maximum) {
        report(
          [...path, 'maximum'],
          `maximum ${maximum} of ${where} is less than its minimum ${minimum}`,
          'Swap them, or fix the one that is wrong.',
        );
      }
    }
  },
};

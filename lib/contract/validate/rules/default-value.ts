import Big from 'big.js';
import { digitsExcess, digitsProblem } from '../../decimal-digits';
import { formatJsonPath, type JsonPath } from '../../diagnostic';
import type { Field, Parameter, Spec } from '../../schema';
import { FORMAT_EXAMPLES, matchesFormat } from '../../string-format';
import { didYouMean } from '../../suggest';
import { type Primitive, type TypeRef, tryParseTypeRef } from '../../type-ref';
import type { SpecRule } from '../context';
import { enumOf, memberSites, modelOf, nameHint } from './walk';

/** A problem with a value, at a path relative to the value checked. */
interface Problem {
  readonly at: JsonPath;
  /** Follows `default of <where>`: starts with a space or a colon. */
  readonly detail: string;
  readonly hint: string;
}

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as written in JSON, shortened for messages. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isIsoDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (m === null || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  const zone = m[8] === 'Z' ? [0, 0] : [Number(m[9]), Number(m[10])];
  return hour <= 23 && minute <= 59 && second <= 59 && (zone[0] ?? 0) <= 23 && (zone[1] ?? 0) <= 59;
}

/** What a value of each primitive looks like, and whether a value is one. */
const PRIMITIVE_VALUES: Record<
  Primitive,
  { readonly expected: string; readonly test: (value: unknown) => boolean }
> = {
  string: { expected: 'a string', test: (v) => typeof v === 'string' },
  uuid: {
    expected: 'a UUID, such as "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b"',
    test: (v) => typeof v === 'string' && UUID.test(v),
  },
  'date-iso8601': {
    expected: 'a date written YYYY-MM-DD, such as "2026-11-22"',
    test: (v) => typeof v === 'string' && isIsoDate(v),
  },
  'date-time-iso8601': {
    expected: 'a date-time with seconds and a time zone, such as "2026-11-22T14:00:00Z"',
    test: (v) => typeof v === 'string' && isIsoDateTime(v),
  },
  decimal: {
    expected: 'a decimal written as a string, such as "12.50"',
    test: (v) => typeof v === 'string' && DECIMAL.test(v),
  },
  integer: {
    expected: `a whole number from ${INT32_MIN} to ${INT32_MAX} (integer is 32-bit)`,
    test: (v) => typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX,
  },
  long: {
    expected: `a whole number from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER} (the JavaScript safe range)`,
    test: (v) => typeof v === 'number' && Number.isSafeInteger(v),
  },
  double: { expected: 'a number', test: (v) => typeof v === 'number' && Number.isFinite(v) },
  boolean: { expected: 'true or false', test: (v) => typeof v === 'boolean' },
  object: { expected: 'a JSON object', test: isPlainObject },
  json: { expected: 'any JSON value', test: () => true },
  unit: { expected: 'nothing (unit has no value)', test: () => true }, // type-placement reports unit here
};

function at(path: JsonPath): string {
  return `default${formatJsonPath(path).slice(1)}`;
}

function mismatch(path: JsonPath, value: unknown, expected: string): Problem {
  return {
    at: path,
    detail: `${path.length === 0 ? ' is' : `: ${at(path)} is`} ${show(value)}, not ${expected}`,
    hint: `Make it ${expected}, or remove the default.`,
  };
}

/** Checks `value` against a type; returns false (and records why) when it does not fit. */
export function checkValue(
  spec: Spec,
  ref: TypeRef,
  value: unknown,
  path: JsonPath,
  problems: Problem[],
): boolean {
  switch (ref.kind) {
    case 'primitive': {
      const primitive = PRIMITIVE_VALUES[ref.name];
      if (primitive.test(value)) return true;
      problems.push(mismatch(path, value, primitive.expected));
      return false;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        problems.push(mismatch(path, value, 'a list (JSON array)'));
        return false;
      }
      let ok = true;
      value.forEach((item, i) => {
        ok = checkValue(spec, ref.of, item, [...path, i], problems) && ok;
      });
      return ok;
    }
    case 'map': {
      if (!isPlainObject(value)) {
        problems.push(mismatch(path, value, 'a map (JSON object)'));
        return false;
      }
      let ok = true;
      for (const [key, item] of Object.entries(value))
        ok = checkValue(spec, ref.of, item, [...path, key], problems) && ok;
      return ok;
    }
    case 'named':
      return checkNamed(spec, ref.name, value, path, problems);
  }
}

function checkNamed(spec: Spec, name: string, value: unknown, path: JsonPath, problems: Problem[]): boolean {
  const enumDef = enumOf(spec, name);
  if (enumDef) {
    const names = enumDef.values.map((v) => v.name);
    if (typeof value === 'string' && names.includes(value)) return true;
    const expected = `a value of enum "${name}" (${names.join(', ')})`;
    const problem = mismatch(path, value, expected);
    const suggestion = typeof value === 'string' ? didYouMean(value, names) : '';
    problems.push({ ...problem, hint: nameHint(suggestion, problem.hint) });
    return false;
  }
  const model = modelOf(spec, name);
  if (!model) return true; // unknown-type or type-placement reports it
  if (!isPlainObject(value)) {
    problems.push(mismatch(path, value, `an object of model "${name}"`));
    return false;
  }
  let ok = true;
  const fields = new Map(model.fields.map((field) => [field.name, field]));
  for (const [key, item] of Object.entries(value)) {
    const field = fields.get(key);
    if (!field) {
      problems.push({
        at: [...path, key],
        detail: `: ${at(path)} has key "${key}", which is not a field of model "${name}"`,
        hint: nameHint(
          didYouMean(key, fields.keys()),
          `Fields of model "${name}": ${[...fields.keys()].join(', ')}.`,
        ),
      });
      ok = false;
      continue;
    }
    const fieldRef = tryParseTypeRef(field.type);
    if (fieldRef) ok = checkValue(spec, fieldRef, item, [...path, key], problems) && ok;
  }
  for (const field of model.fields) {
    if (field.required === false || field.default !== undefined || Object.hasOwn(value, field.name)) continue;
    problems.push({
      at: path,
      detail: `: ${at(path)} lacks the required field "${field.name}" of model "${name}"`,
      hint: `Add "${field.name}" to the default.`,
    });
    ok = false;
  }
  return ok;
}

/** The bounds problem of a value that fits its type, if any. */
export function boundsProblem(ref: TypeRef, value: unknown, member: Field | Parameter): Problem | undefined {
  const { minimum, maximum } = member;
  if (minimum === undefined && maximum === undefined) return undefined;
  let measure: number | Big;
  let unit: string;
  if (ref.kind === 'list' && Array.isArray(value)) {
    measure = value.length;
    unit = value.length === 1 ? 'item' : 'items';
  } else if (ref.kind === 'primitive' && ref.name === 'string' && typeof value === 'string') {
    measure = [...value].length;
    unit = measure === 1 ? 'character' : 'characters';
  } else if (
    ref.kind === 'primitive' &&
    ['integer', 'long', 'double'].includes(ref.name) &&
    typeof value === 'number'
  ) {
    measure = value;
    unit = '';
  } else if (ref.kind === 'primitive' && ref.name === 'decimal' && typeof value === 'string') {
    // Compared as decimals, exactly, as the generated code compares them.
    measure = new Big(value);
    unit = '';
  } else {
    return undefined; // bounds do not apply: the bounds rule reports them
  }
  const has = unit ? ` has ${measure} ${unit} (${show(value)})` : ` is ${show(value)}`;
  if (minimum !== undefined && (measure instanceof Big ? measure.lt(minimum) : measure < minimum)) {
    return {
      at: [],
      detail: `${has}, less than its minimum ${minimum}`,
      hint: 'Change the default or the minimum.',
    };
  }
  if (maximum !== undefined && (measure instanceof Big ? measure.gt(maximum) : measure > maximum)) {
    return {
      at: [],
      detail: `${has}, more than its maximum ${maximum}`,
      hint: 'Change the default or the maximum.',
    };
  }
  return undefined;
}

/** The pattern or format problem of a string default, if any (the pattern compiles: string-constraints reports one that does not). */
export function stringProblem(ref: TypeRef, value: unknown, member: Field | Parameter): Problem | undefined {
  if (ref.kind !== 'primitive' || ref.name !== 'string' || typeof value !== 'string') return undefined;
  if (member.format !== undefined && !matchesFormat(member.format, value)) {
    return {
      at: [],
      detail: ` is ${show(value)}, not ${FORMAT_EXAMPLES[member.format]} (its format is "${member.format}")`,
      hint: 'Change the default or the format.',
    };
  }
  if (member.pattern === undefined) return undefined;
  let regex: RegExp;
  try {
    regex = new RegExp(member.pattern, 'u');
  } catch {
    return undefined;
  }
  if (regex.test(value)) return undefined;
  return {
    at: [],
    detail: ` is ${show(value)}, which does not match its pattern ${JSON.stringify(member.pattern)}`,
    hint: 'Change the default or the pattern.',
  };
}

/** The precision or scale problem of a decimal default, if any (lib/contract/decimal-digits.ts counts). */
export function digitsDefaultProblem(
  ref: TypeRef,
  value: unknown,
  member: Field | Parameter,
): Problem | undefined {
  if (ref.kind !== 'primitive' || ref.name !== 'decimal' || typeof value !== 'string') return undefined;
  const problem = digitsProblem(value, { precision: member.precision, scale: member.scale });
  if (problem === undefined) return undefined;
  return {
    at: [],
    detail: ` is ${show(value)}, which has ${digitsExcess(problem)}`,
    hint: `Change the default or the ${problem.key}.`,
  };
}

export const defaultValue: SpecRule = {
  id: 'default-value',
  description:
    "A `default` is a value of its field's or parameter's type, lies within its minimum and maximum, matches its pattern and format, and has no more digits than its precision and scale.",
  check(spec, report) {
    for (const site of memberSites(spec)) {
      const { member } = site;
      if (member.default === undefined) continue;
      const ref = tryParseTypeRef(member.type);
      if (!ref) continue;
      const problems: Problem[] = [];
      if (checkValue(spec, ref, member.default, [], problems)) {
        const problem =
          boundsProblem(ref, member.default, member) ??
          stringProblem(ref, member.default, member) ??
          digitsDefaultProblem(ref, member.default, member);
        if (problem) problems.push(problem);
      }
      for (const problem of problems) {
        report(
          [...site.path, 'default', ...problem.at],
          `default of ${site.where}${problem.detail}`,
          problem.hint,
        );
      }
    }
  },
};

import type { JsonPath } from '../json-path';
import { isPlainObject } from './errors';
import type { LeafValue } from './types';

/**
 * An event as EventBridge's engine sees it: every leaf value (string, number, boolean, null)
 * under the names leading to it, arrays "crushed out". `{"a": [{"b": 1}, {"b": 2}]}` has two
 * values for `a.b`. Each value remembers which element of which array it came from, so matching
 * can insist that the fields of one nested object pattern come from the same array element.
 * Flattened once per event, whatever the number of rules.
 */
export type FlatEvent = ReadonlyMap<string, readonly Field[]>;

export interface ArrayPosition {
  /** Which array of the event, numbered as met. */
  readonly array: number;
  readonly index: number;
}

export interface Field {
  readonly value: LeafValue;
  /** The array elements the value sits in, outermost first; empty outside arrays. */
  readonly arrays: readonly ArrayPosition[];
  /** Where the value is in the event, when asked for (explanations). */
  readonly at?: JsonPath;
}

/** The key under which the values at a field path are found; unambiguous whatever the names hold. */
export function fieldKey(names: readonly string[]): string {
  let key = '';
  for (const name of names) key += JSON.stringify(name);
  return key;
}

/** Flattens an event; `withPaths` also records where each value is (slower; for explanations). */
export function flattenEvent(event: unknown, withPaths = false): FlatEvent {
  const fields = new Map<string, Field[]>();
  let arrays = 0;
  const visit = (
    value: unknown,
    key: string,
    positions: readonly ArrayPosition[],
    at: JsonPath | undefined,
  ) => {
    if (Array.isArray(value)) {
      const array = arrays++;
      for (let index = 0; index < value.length; index++)
        visit(value[index], key, [...positions, { array, index }], at && [...at, index]);
    } else if (isPlainObject(value)) {
      for (const name of Object.keys(value))
        visit(value[name], key + JSON.stringify(name), positions, at && [...at, name]);
    } else {
      const field: Field = at
        ? { value: value as LeafValue, arrays: positions, at }
        : { value: value as LeafValue, arrays: positions };
      const list = fields.get(key);
      if (list) list.push(field);
      else fields.set(key, [field]);
    }
  };
  if (isPlainObject(event)) {
    for (const name of Object.keys(event))
      visit(event[name], JSON.stringify(name), [], withPaths ? [name] : undefined);
  }
  return fields;
}

/** Which element was chosen for each array so far: array number → index. */
export type Membership = ReadonlyMap<number, number>;

export const NO_MEMBERSHIP: Membership = new Map();

/** Whether a value can be used together with the values chosen so far (same element of every shared array). */
export function isConsistent(membership: Membership, field: Field): boolean {
  for (const position of field.arrays) {
    const chosen = membership.get(position.array);
    if (chosen !== undefined && chosen !== position.index) return false;
  }
  return true;
}

export function withField(membership: Membership, field: Field): Membership {
  if (field.arrays.length === 0) return membership;
  const next = new Map(membership);
  for (const position of field.arrays) next.set(position.array, position.index);
  return next;
}

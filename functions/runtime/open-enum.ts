/**
 * Open enums for readers. A service may add a value to an enum it writes (`suspended` to
 * `user_status`) without breaking the services that read it: their generated clients, subscribers
 * and fakes accept a value they do not know, instead of failing the call with InvalidResponseError.
 * The value keeps its text, typed as {@link UnknownEnumValue}, so code that switches on a known
 * union must still handle it (an exhaustive `switch` without a default does not compile).
 *
 * Servers stay strict on what they read: request schemas keep the closed enum, so a client cannot
 * send a value the server does not know.
 */
import { z } from 'zod';

declare const unknownEnumValue: unique symbol;

/** A value of an enum that this code was generated before: its text, marked so it cannot pass for a known one. */
export type UnknownEnumValue = string & { readonly [unknownEnumValue]: true };

/** What a reader gets for an enum: one of the known values, or an unknown one. */
export type OpenEnum<Known extends string> = Known | UnknownEnumValue;

/** Whether a read value is one this code knows (narrows to the known union). */
export function isKnownValue<Known extends string>(
  values: readonly Known[],
  value: OpenEnum<Known>,
): value is Known {
  return (values as readonly string[]).includes(value);
}

/**
 * The reader's schema of an enum: a known value as it is, any other string as an
 * {@link UnknownEnumValue}. Anything that is not a string is still refused (it breaks the contract).
 */
export function openEnum<const Known extends string>(values: readonly [Known, ...Known[]]) {
  return z.union([z.enum(values), z.string().transform((value) => value as UnknownEnumValue)]);
}

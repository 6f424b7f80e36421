/**
 * Values a request may carry that pass a schema but cannot be stored: DynamoDB (through the SDK's
 * marshaller) refuses them, which would be a 500 after the request was accepted. The HTTP adapter
 * refuses them first, with a 422 naming the field, for every service:
 *
 * - a whole number beyond ±(2^53 − 1): JavaScript cannot hold it exactly, and the SDK refuses to
 *   write it rather than round it;
 * - a non-zero number closer to zero than 1e-130, DynamoDB's smallest magnitude;
 * - an object (a `map[T]`, `object` or `json` value) with an empty key, which DynamoDB refuses;
 * - a `__proto__` key, which JavaScript objects cannot round-trip (the schema would drop it silently,
 *   losing what the client sent).
 *
 * Deep nesting is refused before parsing (request.ts, MAX_BODY_DEPTH, below DynamoDB's 32 levels).
 */
import { MIN_NUMBER_MAGNITUDE } from './conventions';
import { walkJson } from './value-walk';

/** One message per value of `parsed` (a schema's output) that cannot be stored, naming where it is. */
export function unstorableValueMessages(parsed: unknown, root: string): string[] {
  const messages: string[] = [];
  walkJson(parsed, root, (node) => {
    const { value } = node;
    if (typeof value === 'number') {
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        messages.push(`${node.where()}: must be between -9007199254740991 and 9007199254740991`);
      } else if (value !== 0 && Math.abs(value) < MIN_NUMBER_MAGNITUDE) {
        messages.push(`${node.where()}: must be 0 or at least 1e-130 in magnitude`);
      }
    } else if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.hasOwn(value, '')
    ) {
      messages.push(`${node.where()}: must not have an empty key`);
    }
  });
  return messages;
}

/** One message per `__proto__` key inside the raw (unparsed) value, naming where it is. */
export function prototypeKeyMessages(raw: unknown, root: string): string[] {
  const messages: string[] = [];
  walkJson(raw, root, (node) => {
    const { value } = node;
    if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.hasOwn(value, '__proto__')
    ) {
      messages.push(`${node.where()}: must not have the key "__proto__"`);
    }
  });
  return messages;
}

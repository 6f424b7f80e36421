/**
 * Text that can be stored. JSON lets a client send a lone surrogate (`"\ud800"`); zod's `string`
 * accepts it, but it has no UTF-8 form, so nothing can hash or store it (it would be a 500). The
 * HTTP adapter refuses such input in any path, query or body value with a 422 naming the field,
 * for every service; domain code uses `isWellFormed` to treat a lookup by such a value as matching
 * nothing (no stored value has one).
 */
import { walkJson } from './value-walk';

/** Whether `text` is well-formed UTF-16 (has a UTF-8 form). */
export function isWellFormed(text: string): boolean {
  return text.isWellFormed();
}

/**
 * One message per string inside `value` that is not well-formed, naming where it is:
 * `body.name.first: ...` (value-walk.ts: iterative, linear, no stack for deep values).
 */
export function illFormedTextMessages(value: unknown, root: string): string[] {
  const messages: string[] = [];
  walkJson(value, root, (node) => {
    if (typeof node.value === 'string' && !isWellFormed(node.value)) {
      messages.push(`${node.where()}: must be valid Unicode text`);
    }
  });
  return messages;
}

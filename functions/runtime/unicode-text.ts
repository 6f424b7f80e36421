/**
 * Text that can be stored. JSON lets a client send a lone surrogate (`"\ud800"`); zod's `string`
 * accepts it, but it has no UTF-8 form, so nothing can hash or store it (it would be a 500). The
 * HTTP adapter refuses such input in any path, query or body value with a 422 naming the field,
 * for every service; domain code uses `isWellFormed` to treat a lookup by such a value as matching
 * nothing (no stored value has one).
 */
import { formatIssuePath } from './zod-issues';

/** Whether `text` is well-formed UTF-16 (has a UTF-8 form). */
export function isWellFormed(text: string): boolean {
  return text.isWellFormed();
}

/**
 * One message per string inside `value` that is not well-formed, naming where it is:
 * `body.name.first: ...`. Iterative and linear in the size of `value`: a path is only spelled out for
 * a string that fails, from parent links, so a deep value costs no stack and no copied paths.
 */
export function illFormedTextMessages(value: unknown, root: string): string[] {
  interface Visit {
    readonly node: unknown;
    readonly key: string | number | undefined;
    readonly parent: Visit | undefined;
  }
  const pathOf = (visit: Visit): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const messages: string[] = [];
  // Depth-first, children pushed in reverse so messages come in document order.
  const stack: Visit[] = [{ node: value, key: undefined, parent: undefined }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const { node } = visit;
    if (typeof node === 'string') {
      if (!isWellFormed(node))
        messages.push(`${formatIssuePath(root, pathOf(visit))}: must be valid Unicode text`);
    } else if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index--) {
        stack.push({ node: node[index], key: index, parent: visit });
      }
    } else if (typeof node === 'object' && node !== null) {
      const entries = Object.entries(node);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, element] = entries[index] as [string, unknown];
        stack.push({ node: element, key, parent: visit });
      }
    }
  }
  return messages;
}

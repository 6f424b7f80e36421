/**
 * One walk over a parsed JSON value for the checks the HTTP adapter makes on every request (text
 * that cannot be stored, numbers and keys DynamoDB refuses): iterative and linear in the size of
 * the value, so a deep value costs no stack; a node's path is only spelled out when a check fails,
 * from parent links, so no path is copied per level.
 */
import { formatIssuePath } from './zod-issues';

/** A node of the walk: its value, and how to name where it is. */
export interface WalkedNode {
  readonly value: unknown;
  /** The node's key in its parent object (not for array elements and the root). */
  readonly key: string | undefined;
  /** `body.name.first`, `body.items[1]`, computed on demand. */
  where(): string;
}

interface Visit {
  readonly value: unknown;
  readonly key: string | number | undefined;
  readonly parent: Visit | undefined;
}

/** Calls `visit` for every node of `value`, depth first, in document order. */
export function walkJson(value: unknown, root: string, visit: (node: WalkedNode) => void): void {
  const pathOf = (node: Visit): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let at: Visit | undefined = node; at?.key !== undefined; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  // Children are pushed in reverse so nodes come in document order.
  const stack: Visit[] = [{ value, key: undefined, parent: undefined }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const current = node;
    visit({
      value: current.value,
      key: typeof current.key === 'string' ? current.key : undefined,
      where: () => formatIssuePath(root, pathOf(current)),
    });
    const { value: inner } = current;
    if (Array.isArray(inner)) {
      for (let index = inner.length - 1; index >= 0; index--) {
        stack.push({ value: inner[index], key: index, parent: current });
      }
    } else if (typeof inner === 'object' && inner !== null) {
      const keys = Object.keys(inner);
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index] as string;
        stack.push({ value: (inner as Record<string, unknown>)[key], key, parent: current });
      }
    }
  }
}

/**
 * The size DynamoDB counts for an item, from its documented rules, so a write over the limit is
 * refused before it is sent (a 413 naming the limit) instead of failing at the table (a 500):
 * an attribute's name in UTF-8 bytes plus its value: a string's UTF-8 bytes, a number's
 * (significant digits / 2, rounded up) + 1 bytes, 1 byte for a boolean or null, and for a list or map
 * 3 bytes plus 1 byte and the size of each element (a map's element with its key's bytes).
 */

function numberBytes(value: number): number {
  const digits = Math.abs(value).toExponential().replace(/e.*$/, '').replace(/[.-]/g, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/** The size of one attribute value. Iterative: deep values cost no stack. */
export function valueSizeBytes(root: unknown): number {
  let total = 0;
  const stack: unknown[] = [root];
  for (let value = stack.pop(); stack.length > 0 || value !== undefined; value = stack.pop()) {
    if (typeof value === 'string') total += Buffer.byteLength(value, 'utf8');
    else if (typeof value === 'number') total += numberBytes(value);
    else if (typeof value === 'boolean' || value === null) total += 1;
    else if (Array.isArray(value)) {
      total += 3 + value.length;
      for (const element of value) stack.push(element);
    } else if (typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      total += 3 + entries.length;
      for (const [key, element] of entries) {
        total += Buffer.byteLength(key, 'utf8');
        stack.push(element);
      }
    }
  }
  return total;
}

/** The size of an item: each attribute's name and value. */
export function itemSizeBytes(item: Readonly<Record<string, unknown>>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    total += Buffer.byteLength(name, 'utf8') + valueSizeBytes(value);
  }
  return total;
}

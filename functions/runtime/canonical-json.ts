/**
 * Canonical JSON: the JSON Canonicalization Scheme (JCS, RFC 8785). One value, one string: object
 * members sorted by their UTF-16 code units, no whitespace, numbers and strings serialized as
 * ECMAScript's JSON.stringify does. Used to hash resources (see hash-code.ts).
 *
 * The serialization is `canonicalize` (the RFC authors' reference implementation). We pin its 2.x
 * line: 3.x and 4.x are ESM-only with an `import`-only export map (this CommonJS project and Jest
 * cannot load them) and 5.x needs Node 22. 2.x does not check its input, so this module first checks
 * that the value is JSON data, which later versions of the library also do.
 */
import canonicalize from 'canonicalize';

/** Thrown when a value has no JSON representation. */
export class NotJsonError extends TypeError {
  override readonly name = 'NotJsonError';

  constructor(
    /** Where the offending value sits, e.g. `$.items[2].price`. */
    readonly path: string,
    problem: string,
  ) {
    super(`not JSON data at ${path}: ${problem}`);
  }
}

/**
 * The canonical JSON text of `value`.
 *
 * Follows JSON.stringify where JSON has no answer: object properties whose value is `undefined` are
 * left out, `undefined` array elements become `null`, and a value with a `toJSON` method (a `Date`)
 * is replaced by its result. Throws {@link NotJsonError} for what JSON cannot represent: a top-level
 * `undefined`, functions, symbols, bigints, NaN and ±Infinity, strings or keys holding a lone UTF-16
 * surrogate (RFC 8785 §3.2.2.2), and circular references.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new NotJsonError('$', 'undefined');
  assertJson(value, '$', new Set());
  const text = canonicalize(value);
  // Unreachable: assertJson rules out every input for which the library returns undefined.
  if (text === undefined) throw new NotJsonError('$', 'no JSON representation');
  return text;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function member(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertJson(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new NotJsonError(path, 'string with a lone surrogate');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(path, String(value));
      return;
    case 'boolean':
      return;
    case 'undefined':
      return; // an omitted property or a null array element; the top level is checked by the caller
    case 'object':
      break;
    default:
      throw new NotJsonError(path, typeof value);
  }
  if (value === null) return;

  if (ancestors.has(value)) throw new NotJsonError(path, 'circular reference');
  ancestors.add(value);
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') {
    const replaced: unknown = withToJson.toJSON();
    if (replaced === undefined) throw new NotJsonError(path, 'toJSON() returned undefined');
    assertJson(replaced, path, ancestors);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      assertJson(item, `${path}[${index}]`, ancestors);
    });
  } else {
    for (const [key, item] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) throw new NotJsonError(member(path, key), 'key with a lone surrogate');
      assertJson(item, member(path, key), ancestors);
    }
  }
  ancestors.delete(value);
}

/** The primitive types of the spec format. */
export const PRIMITIVES = [
  'string',
  'boolean',
  'integer',
  'long',
  'double',
  'decimal',
  'uuid',
  'date-iso8601',
  'date-time-iso8601',
  'object',
  'json',
  'unit',
] as const;
export type Primitive = (typeof PRIMITIVES)[number];

/** Types every spec may use without declaring them. */
export const BUILT_INS = ['generic_error'] as const;

const PRIMITIVE_SET: ReadonlySet<string> = new Set(PRIMITIVES);

/** A parsed type reference: `string`, `[user]`, `map[[integer]]`, `user_status`. */
export type TypeRef =
  | { readonly kind: 'primitive'; readonly name: Primitive }
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'list'; readonly of: TypeRef }
  | { readonly kind: 'map'; readonly of: TypeRef };

export class TypeRefSyntaxError extends Error {}

/** Parses a type string. Throws {@link TypeRefSyntaxError} with a reason on malformed input. */
export function parseTypeRef(text: string): TypeRef {
  const trimmed = text.trim();
  if (trimmed !== text) throw new TypeRefSyntaxError(`type "${text}" has surrounding white space`);
  if (text.startsWith('[')) {
    if (!text.endsWith(']'))
      throw new TypeRefSyntaxError(`type "${text}" opens a list with "[" but does not close it`);
    const inner = text.slice(1, -1);
    if (!inner) throw new TypeRefSyntaxError('a list type needs an item type, as in [string]');
    return { kind: 'list', of: parseTypeRef(inner) };
  }
  if (text.startsWith('map[')) {
    if (!text.endsWith(']'))
      throw new TypeRefSyntaxError(`type "${text}" opens a map with "map[" but does not close it`);
    const inner = text.slice(4, -1);
    if (!inner) throw new TypeRefSyntaxError('a map type needs a value type, as in map[string]');
    return { kind: 'map', of: parseTypeRef(inner) };
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(text))
    throw new TypeRefSyntaxError(`type "${text}" is not a primitive, [T], map[T] or a type name`);
  if (PRIMITIVE_SET.has(text)) return { kind: 'primitive', name: text as Primitive };
  return { kind: 'named', name: text };
}

/** Like {@link parseTypeRef} but returns undefined instead of throwing (for tools that run after validation). */
export function tryParseTypeRef(text: string): TypeRef | undefined {
  try {
    return parseTypeRef(text);
  } catch {
    return undefined;
  }
}

export function formatTypeRef(ref: TypeRef): string {
  switch (ref.kind) {
    case 'primitive':
    case 'named':
      return ref.name;
    case 'list':
      return `[${formatTypeRef(ref.of)}]`;
    case 'map':
      return `map[${formatTypeRef(ref.of)}]`;
  }
}

/** The named types (models, enums, built-ins) a reference mentions, innermost included. */
export function namedTypesOf(ref: TypeRef): string[] {
  switch (ref.kind) {
    case 'primitive':
      return [];
    case 'named':
      return [ref.name];
    case 'list':
    case 'map':
      return namedTypesOf(ref.of);
  }
}

/** The innermost element type of lists and maps. */
export function elementOf(ref: TypeRef): TypeRef {
  return ref.kind === 'list' || ref.kind === 'map' ? elementOf(ref.of) : ref;
}

/**
 * `generated/testing/arbitraries.ts`: a fast-check arbitrary per enum and model of the spec,
 * `userArbitrary: fc.Arbitrary<User>`, whose values the model's generated zod schema accepts, as
 * they are (parsing one changes nothing): required and optional fields (an optional one sometimes
 * left out, one with a default always there, as the schema's output has it), enum values, lengths,
 * counts and value bounds, patterns and formats, decimals as strings compared exactly, dates,
 * uuids, nested models. A stored resource's `id` is an id its repository could have minted.
 *
 * Each member maps to a helper of functions/runtime/testing/arbitraries.ts, as
 * lib/codegen/zod-source.ts maps it to zod. Models that refer to each other in a cycle are built
 * with `fc.memo` to a bounded depth: at the last level a recursive field that may be left out is,
 * and a recursive list or map is empty.
 */

import { camelCase, idPrefixConstant } from '../contract/names';
import type { Field } from '../contract/schema';
import { namedTypesOf, parseTypeRef, type TypeRef } from '../contract/type-ref';
import { GENERIC_ERROR, type ServiceContext } from './context';
import { header, jsdoc, stringLiteral } from './source';

/** How deep models of a cycle nest in the exported arbitraries. */
const CYCLE_DEPTH = 3;

/** `user` → `userArbitrary`. */
export function arbitraryName(name: string): string {
  return `${camelCase(name)}Arbitrary`;
}

function memoName(name: string): string {
  return `${camelCase(name)}ArbitraryAt`;
}

function number(value: number): string {
  return JSON.stringify(value);
}

/** `{ a: 1, b: 2 }` of the defined entries, or '' when there are none. */
function options(entries: ReadonlyArray<readonly [string, string | undefined]>): string {
  const defined = entries.filter((entry): entry is readonly [string, string] => entry[1] !== undefined);
  return defined.length === 0 ? '' : `{ ${defined.map(([key, value]) => `${key}: ${value}`).join(', ')} }`;
}

interface Member {
  readonly minimum?: number | undefined;
  readonly maximum?: number | undefined;
  readonly pattern?: string | undefined;
  readonly format?: string | undefined;
  readonly precision?: number | undefined;
  readonly scale?: number | undefined;
}

class ArbitrarySource {
  /** The models of the cycle being generated, if any: references to them recurse one level down. */
  readonly #cycle: ReadonlySet<string> | undefined;

  constructor(cycle: ReadonlySet<string> | undefined) {
    this.#cycle = cycle;
  }

  refersToCycle(ref: TypeRef): boolean {
    const cycle = this.#cycle;
    return cycle !== undefined && namedTypesOf(ref).some((name) => cycle.has(name));
  }

  /** The arbitrary of a type; `member` holds the bounds and text rules, which apply to the outer type. */
  of(ref: TypeRef, member: Member = {}): string {
    switch (ref.kind) {
      case 'named': {
        if (ref.name === GENERIC_ERROR) {
          return "arb.model<models.GenericError>({ code: arb.text(), messages: arb.list(arb.text()) }, ['code', 'messages'])";
        }
        if (this.#cycle?.has(ref.name)) return `${memoName(ref.name)}(depth - 1)`;
        return arbitraryName(ref.name);
      }
      case 'list': {
        const recursive = this.refersToCycle(ref);
        const minimum = member.minimum;
        // Nested lists of a cycle stay short, or the values grow with the power of the depth.
        const maximum = recursive
          ? Math.min(member.maximum ?? Number.POSITIVE_INFINITY, (minimum ?? 0) + 2)
          : member.maximum;
        const bounds = options([
          ['minLength', minimum === undefined ? undefined : number(minimum)],
          ['maxLength', maximum === undefined ? undefined : number(maximum)],
        ]);
        return `arb.list(${this.of(ref.of)}${bounds === '' ? '' : `, ${bounds}`})`;
      }
      case 'map':
        return `arb.map(${this.of(ref.of)}${this.refersToCycle(ref) ? ', { maxKeys: 2 }' : ''})`;
      case 'primitive': {
        const min = member.minimum === undefined ? undefined : number(member.minimum);
        const max = member.maximum === undefined ? undefined : number(member.maximum);
        switch (ref.name) {
          case 'string':
            return `arb.text(${options([
              ['minLength', min],
              ['maxLength', max],
              ['pattern', member.pattern === undefined ? undefined : stringLiteral(member.pattern)],
              ['format', member.format === undefined ? undefined : stringLiteral(member.format)],
            ])})`;
          case 'boolean':
            return 'fc.boolean()';
          case 'integer':
            return `arb.integer(${options([
              ['bits', '32'],
              ['min', min],
              ['max', max],
            ])})`;
          case 'long':
            return `arb.integer(${options([
              ['bits', '53'],
              ['min', min],
              ['max', max],
            ])})`;
          case 'double':
            return `arb.double(${options([
              ['min', min],
              ['max', max],
            ])})`;
          case 'decimal':
            return `arb.decimal(${options([
              ['min', min],
              ['max', max],
              ['precision', member.precision === undefined ? undefined : String(member.precision)],
              ['scale', member.scale === undefined ? undefined : String(member.scale)],
            ])})`;
          case 'uuid':
            return 'arb.guid()';
          case 'date-iso8601':
            return 'arb.date()';
          case 'date-time-iso8601':
            return 'arb.dateTime()';
          case 'object':
            return 'arb.object()';
          case 'json':
            return 'arb.json()';
          case 'unit':
            return 'fc.constant(undefined)';
        }
      }
    }
  }

  /**
   * A recursive field at the last level of nesting: left out when it may be, empty when it is a
   * list or map that may be; else undefined (it recurses further: only a cycle of required fields,
   * which no finite value satisfies, never ends).
   */
  lastLevel(field: Field, ref: TypeRef): string | undefined {
    if (field.required === false && field.default === undefined) return 'undefined';
    if (ref.kind === 'list' && (field.minimum === undefined || field.minimum <= 0)) return 'fc.constant([])';
    if (ref.kind === 'map') return 'fc.constant({})';
    return undefined;
  }
}

function fieldArbitrary(ctx: ServiceContext, model: string, field: Field, source: ArbitrarySource): string {
  const ref = parseTypeRef(field.type);
  const stored = ctx.stored.some((resource) => resource.name === model);
  if (
    stored &&
    field.name === 'id' &&
    field.type === 'string' &&
    field.minimum === undefined &&
    field.maximum === undefined &&
    field.pattern === undefined &&
    field.format === undefined
  ) {
    return `arb.resourceId(models.${idPrefixConstant(model)})`;
  }
  const full = source.of(ref, field);
  if (!source.refersToCycle(ref)) return full;
  const last = source.lastLevel(field, ref);
  return last === undefined ? full : `depth > 1 ? ${full} : ${last}`;
}

function modelArbitrary(ctx: ServiceContext, name: string, source: ArbitrarySource): string {
  const model = ctx.model(name);
  const type = `models.${ctx.names.typeOf(name)}`;
  const members = model.fields.map((field) => `${field.name}: ${fieldArbitrary(ctx, name, field, source)},`);
  // In the schema's output a field is there unless it is optional without a default.
  const required = model.fields
    .filter((field) => field.required !== false || field.default !== undefined)
    .map((field) => stringLiteral(field.name));
  return `arb.model<${type}>({\n${members.join('\n')}\n}, [${required.join(', ')}])`;
}

export function generateTestingArbitraries(ctx: ServiceContext): string {
  const out: string[] = [];
  for (const [name, definition] of Object.entries(ctx.spec.enums ?? {})) {
    out.push(
      `${jsdoc(`\`${name}\`: any of its values.`)}export const ${arbitraryName(name)}: fc.Arbitrary<models.${ctx.names.typeOf(name)}> = fc.constantFrom(${definition.values.map((value) => stringLiteral(value.name)).join(', ')});`,
    );
  }
  const done = new Set<string>();
  for (const name of ctx.modelOrder) {
    if (done.has(name)) continue;
    const cycle = ctx.cycles.get(name);
    if (cycle === undefined) {
      done.add(name);
      out.push(
        `${jsdoc(`\`${name}\`: values its schema accepts as they are.`)}export const ${arbitraryName(name)}: fc.Arbitrary<models.${ctx.names.typeOf(name)}> = ${modelArbitrary(ctx, name, new ArbitrarySource(undefined))};`,
      );
      continue;
    }
    // A cycle: every member as a memo of the depth left, then each exported at CYCLE_DEPTH.
    const members = ctx.modelOrder.filter((member) => cycle.has(member));
    const source = new ArbitrarySource(cycle);
    for (const member of members) {
      done.add(member);
      out.push(
        `const ${memoName(member)}: fc.Memo<models.${ctx.names.typeOf(member)}> = fc.memo((depth) => ${modelArbitrary(ctx, member, source)});`,
      );
    }
    for (const member of members) {
      out.push(
        `${jsdoc(`\`${member}\`: values its schema accepts as they are, nested at most ${CYCLE_DEPTH} levels deep (it is part of a cycle: ${members.join(', ')}).`)}export const ${arbitraryName(member)}: fc.Arbitrary<models.${ctx.names.typeOf(member)}> = ${memoName(member)}(${CYCLE_DEPTH});`,
      );
    }
  }
  if (out.length === 0) {
    return `${header(ctx.file)}\n\n// The spec declares no model or enum.\nexport {};\n`;
  }
  const body = out.join('\n\n');
  const usesValues = /\bmodels\.[A-Z][A-Z0-9_]*\b/.test(body);
  const imports = [
    "import fc from 'fast-check';",
    "import * as arb from '../../../runtime/testing/arbitraries';",
    `import ${usesValues ? '' : 'type '}* as models from '../models';`,
  ];
  return `${header(ctx.file)}\n\n${imports.join('\n')}\n\n${body}\n`;
}

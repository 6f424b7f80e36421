/**
 * readers.ts: the schemas a service's readers parse its responses with (generated clients, and so
 * subscribers and fakes), with **open enums** (functions/runtime/open-enum.ts): a value added to an
 * enum after a reader was generated is read as an `UnknownEnumValue` instead of failing the call.
 * Per enum `<enum>ReadSchema` / `<Enum>Read`; per model that reaches an enum (through its fields,
 * lists, maps, other models) `<model>ReadSchema` / `<Model>Read`; a model that reaches no enum is
 * read with its own schema. The server's schemas (models.ts) stay closed: a service never accepts
 * a value it does not know.
 */

import { camelCase, enumValuesConstant, pascalCase } from '../contract/names';
import type { Field } from '../contract/schema';
import { namedTypesOf, parseTypeRef } from '../contract/type-ref';
import type { ServiceContext } from './context';
import { header, jsdoc } from './source';
import { type TypeNames, zodMember, zodMemberType } from './zod-source';

/** The names of the types that need a reader of their own: every enum, and every model reaching one. */
export function readerTypes(ctx: Pick<ServiceContext, 'spec'>): Set<string> {
  const { spec } = ctx;
  const out = new Set<string>(Object.keys(spec.enums ?? {}));
  // Fixed point: a model needs a reader when a field's type names one that does.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, model] of Object.entries(spec.models ?? {})) {
      if (out.has(name)) continue;
      const reaches = model.fields.some((field: Field) =>
        namedTypesOf(parseTypeRef(field.type)).some((type) => out.has(type)),
      );
      if (reaches) {
        out.add(name);
        changed = true;
      }
    }
  }
  return out;
}

/** `user_status` → `userStatusReadSchema`. */
export function readerSchemaName(name: string): string {
  return `${camelCase(name)}ReadSchema`;
}

/** `user` → `UserRead`. */
export function readerTypeName(name: string): string {
  return `${pascalCase(name)}Read`;
}

/** Type names for code that reads: a reader where a type has one, else the model's own. */
export function readerNames(ctx: ServiceContext, readers: ReadonlySet<string>): TypeNames {
  return {
    schemaOf: (name) => (readers.has(name) ? readerSchemaName(name) : ctx.names.schemaOf(name)),
    typeOf: (name) => (readers.has(name) ? readerTypeName(name) : ctx.names.typeOf(name)),
    isModel: (name) => ctx.names.isModel(name),
  };
}

export function generateReaders(ctx: ServiceContext): string {
  const readers = readerTypes(ctx);
  const names = readerNames(ctx, readers);
  const parts: string[] = [];
  for (const name of Object.keys(ctx.spec.enums ?? {})) {
    const schema = ctx.declare('readers', readerSchemaName(name), `the reader schema of enum "${name}"`);
    const type = ctx.declare('readers', readerTypeName(name), `the reader type of enum "${name}"`, 'type');
    parts.push(
      [
        `${jsdoc(`\`${name}\` as a reader takes it: a known value, or one added since this code was generated.`)}export const ${schema} = openEnum(${enumValuesConstant(name)});`,
        `export type ${type} = z.output<typeof ${schema}>;`,
      ].join('\n'),
    );
  }
  for (const name of ctx.modelOrder) {
    if (!readers.has(name)) continue;
    const schema = ctx.declare('readers', readerSchemaName(name), `the reader schema of model "${name}"`);
    const type = ctx.declare('readers', readerTypeName(name), `the reader type of model "${name}"`, 'type');
    const cycle = ctx.cycles.get(name);
    const fields = ctx.model(name).fields.map((field) => {
      const member = zodMember(field, names);
      const recursive =
        cycle !== undefined && namedTypesOf(parseTypeRef(field.type)).some((ref) => cycle.has(ref));
      // A reference back into the cycle waits in a getter, with its type written out (see models.ts).
      return recursive
        ? `get ${field.name}(): ${zodMemberType(field, names)} {\nreturn ${member};\n},`
        : `${field.name}: ${member},`;
    });
    parts.push(
      [
        `${jsdoc(`\`${name}\` as a reader takes it: its enums open.`)}export const ${schema} = z.object({`,
        ...fields,
        '});',
        `export type ${type} = z.output<typeof ${schema}>;`,
      ].join('\n'),
    );
  }
  const body = parts.join('\n\n');
  if (body === '') {
    return `${header(ctx.file)}\n\n${jsdoc('This service has no enum: its readers use the schemas of models.ts as they are.')}export {};\n`;
  }
  ctx.imports(['openEnum']);
  const imports = [
    ...(/\bnew Big\(/.test(body) ? ["import Big from 'big.js';"] : []),
    "import { z } from 'zod';",
    "import { openEnum } from '../../runtime/open-enum';",
    ctx.importFrom('models', body),
  ].filter(Boolean);
  return `${header(ctx.file)}\n\n${imports.join('\n')}\n\n${body}\n`;
}

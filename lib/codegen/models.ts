import type { EnumDef, Field, Model } from '../spec/schema';
import { namedTypesOf, parseTypeRef } from '../spec/type-ref';
import { GENERIC_ERROR, personalDataNames, type ServiceContext } from './context';
import { enumValuesConstant, pascalCase, schemaName } from './names';
import { docLines, header, jsdoc, stringLiteral } from './source';
import { zodMember, zodMemberType } from './zod-source';

/**
 * models.ts: for every enum a values tuple, a type and a schema; for every model a zod object
 * schema (unknown keys are stripped) with its output and input types; `generic_error`; and
 * `PERSONAL_DATA_FIELDS`, the names the logger redacts.
 */
export function generateModels(ctx: ServiceContext): string {
  const { spec } = ctx;
  const parts: string[] = [header(ctx.file), "import { z } from 'zod';"];
  for (const [name, enumDef] of Object.entries(spec.enums ?? {})) parts.push(enumSource(ctx, name, enumDef));
  parts.push(genericErrorSource(ctx));
  for (const name of ctx.modelOrder) parts.push(modelSource(ctx, name, ctx.model(name)));
  parts.push(personalDataSource(ctx));
  return `${parts.join('\n\n')}\n`;
}

function enumSource(ctx: ServiceContext, name: string, enumDef: EnumDef): string {
  const values = ctx.declare('models', enumValuesConstant(name), `the values of enum "${name}"`);
  const type = ctx.declare('models', pascalCase(name), `the type of enum "${name}"`, 'type');
  const schema = ctx.declare('models', schemaName(name), `the schema of enum "${name}"`);
  const valueDocs = enumDef.values
    .filter((value) => value.description || value.deprecation)
    .map(
      (value) =>
        `- \`${value.name}\`: ${[value.description, value.deprecation && `deprecated: ${value.deprecation.description}`].filter(Boolean).join(' ')}`,
    );
  const docs = docLines(enumDef);
  return [
    `${jsdoc(...docs, ...valueDocs)}export const ${values} = [${enumDef.values.map((v) => stringLiteral(v.name)).join(', ')}] as const;`,
    `${jsdoc(...docs)}export type ${type} = (typeof ${values})[number];`,
    `export const ${schema} = z.enum(${values});`,
  ].join('\n');
}

function genericErrorSource(ctx: ServiceContext): string {
  const schema = ctx.declare('models', 'genericErrorSchema', 'the schema of the built-in "generic_error"');
  const type = ctx.declare('models', 'GenericError', 'the type of the built-in "generic_error"', 'type');
  const doc = jsdoc(
    `The body of every error response (the built-in \`${GENERIC_ERROR}\`): a stable code and one message per problem.`,
  );
  return [
    `${doc}export const ${schema} = z.object({`,
    `  ${jsdoc('A stable machine word, such as `validation_failed`, `not_found` or `conflict`.').trim()}`,
    '  code: z.string(),',
    `  ${jsdoc('Human-readable, one per problem.').trim()}`,
    '  messages: z.array(z.string()),',
    '});',
    `${doc}export type ${type} = z.output<typeof ${schema}>;`,
  ].join('\n');
}

function fieldSource(ctx: ServiceContext, modelName: string, field: Field): string {
  const doc = jsdoc(...docLines(field));
  const cycle = ctx.cycles.get(modelName);
  const recursive =
    cycle !== undefined && namedTypesOf(parseTypeRef(field.type)).some((type) => cycle.has(type));
  const schema = zodMember(field, ctx.names);
  if (!recursive) return `${doc}${field.name}: ${schema},`;
  // A reference back into the cycle: a getter defers it until the schema is used, and its
  // return type must be written out, as TypeScript cannot infer a type from itself.
  return `${doc}get ${field.name}(): ${zodMemberType(field, ctx.names)} {\n  return ${schema};\n},`;
}

function modelSource(ctx: ServiceContext, name: string, model: Model): string {
  const schema = ctx.declare('models', schemaName(name), `the schema of model "${name}"`);
  const type = ctx.declare('models', pascalCase(name), `the type of model "${name}"`, 'type');
  const input = ctx.declare(
    'models',
    `${pascalCase(name)}Input`,
    `the input type of model "${name}"`,
    'type',
  );
  const docs = docLines(model);
  const fields = model.fields.map((field) => fieldSource(ctx, name, field));
  return [
    `${jsdoc(...docs)}export const ${schema} = z.object({`,
    ...fields,
    '});',
    `${jsdoc(...docs)}export type ${type} = z.output<typeof ${schema}>;`,
    `${jsdoc(`The input of \`${name}\`: what a client may send, where fields with a default may be left out.`)}export type ${input} = z.input<typeof ${schema}>;`,
  ].join('\n');
}

function personalDataSource(ctx: ServiceContext): string {
  const constant = ctx.declare('models', 'PERSONAL_DATA_FIELDS', 'the personal data field names');
  const names = personalDataNames(ctx.spec);
  return `${jsdoc(
    'Names of the fields and parameters annotated `personal_data`: the logger redacts them, events never carry them.',
  )}export const ${constant}: ReadonlySet<string> = new Set<string>([${names.map(stringLiteral).join(', ')}]);`;
}

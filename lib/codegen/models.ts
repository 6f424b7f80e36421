import {
  constantCase,
  enumValuesConstant,
  idGuardName,
  idPrefixConstant,
  maxLengthConstant,
  pascalCase,
  resourceIdPrefix,
  schemaName,
} from '../contract/names';
import type { EnumDef, Field, Model } from '../contract/schema';
import { namedTypesOf, parseTypeRef } from '../contract/type-ref';
import { GENERIC_ERROR, personalDataNames, type ServiceContext } from './context';
import { docLines, header, jsdoc, stringLiteral } from './source';
import { schemaLibraryImports, zodMember, zodMemberType } from './zod-source';

/**
 * models.ts: for every enum a values tuple, a type and a schema; for every model a zod object
 * schema (unknown keys are stripped) with its output and input types; `generic_error`;
 * `PERSONAL_DATA_FIELDS`, the names the logger redacts; and the spec's values domain code needs,
 * so it never copies one by hand: each resource's id prefix (`USER_ID_PREFIX`) with its guard
 * (`isUserId`), each string field's `maximum` (`USER_EMAIL_MAX_LENGTH`), and each decimal field's
 * `scale` and `precision` (`LINE_ITEM_UNIT_PRICE_SCALE`, `ORDER_TOTAL_PRECISION`).
 */
export function generateModels(ctx: ServiceContext): string {
  const { spec } = ctx;
  const parts: string[] = [];
  for (const [name, enumDef] of Object.entries(spec.enums ?? {})) parts.push(enumSource(ctx, name, enumDef));
  parts.push(genericErrorSource(ctx));
  for (const name of ctx.modelOrder) parts.push(modelSource(ctx, name, ctx.model(name)));
  parts.push(personalDataSource(ctx));
  const ids = idSource(ctx);
  if (ids) parts.push(ids);
  const limits = maxLengthSource(ctx);
  if (limits) parts.push(limits);
  const digits = decimalDigitsSource(ctx);
  if (digits) parts.push(digits);
  const body = parts.join('\n\n');
  const imports = [
    ...schemaLibraryImports(body, (names) => ctx.imports(names)),
    "import { z } from 'zod';",
    ...(ids ? [idImport(ctx)] : []),
  ];
  return `${header(ctx.file)}\n\n${imports.join('\n')}\n\n${body}\n`;
}

/** The run-time id check the guards call (functions/runtime/ids.ts). */
function idImport(ctx: ServiceContext): string {
  ctx.imports(['isId']);
  return "import { isId } from '../../runtime/ids';";
}

/** Per resource: its id prefix (declared or derived) and a guard for its ids. */
function idSource(ctx: ServiceContext): string {
  return Object.entries(ctx.spec.resources ?? {})
    .map(([name, resource]) => {
      const prefix = resourceIdPrefix(name, resource);
      const constant = ctx.declare('models', idPrefixConstant(name), `the id prefix of resource "${name}"`);
      const guard = ctx.declare('models', idGuardName(name), `the id guard of resource "${name}"`);
      return [
        `${jsdoc(`The id prefix of \`${name}\`: its ids are \`${prefix}-<ULID>\`.`)}export const ${constant} = ${stringLiteral(prefix)};`,
        `${jsdoc(`Whether \`value\` is an id of \`${name}\`, as its repository mints them (\`${prefix}-<ULID>\`).`)}export function ${guard}(value: unknown): value is string {\nreturn isId(${constant}, value);\n}`,
      ].join('\n');
    })
    .join('\n\n');
}

/** Per string field with a `maximum`: that maximum, the most characters it may have. */
function maxLengthSource(ctx: ServiceContext): string {
  const lines: string[] = [];
  for (const name of Object.keys(ctx.spec.models ?? {})) {
    for (const field of ctx.model(name).fields) {
      if (field.type !== 'string' || field.maximum === undefined) continue;
      const constant = ctx.declare(
        'models',
        maxLengthConstant(name, field.name),
        `the maximum length of field "${field.name}" of model "${name}"`,
      );
      lines.push(
        `${jsdoc(`The greatest length of \`${field.name}\` of \`${name}\` (its \`maximum\`, in UTF-16 code units as \`String.length\` counts).`)}export const ${constant} = ${field.maximum};`,
      );
    }
  }
  return lines.join('\n');
}

/** Per decimal field with a `scale` or `precision`: each, as the generated schema checks it. */
function decimalDigitsSource(ctx: ServiceContext): string {
  const lines: string[] = [];
  const what = {
    scale: 'the most digits after the point',
    precision: 'the most significant digits, counted as written from the first non-zero one',
  } as const;
  for (const name of Object.keys(ctx.spec.models ?? {})) {
    for (const field of ctx.model(name).fields) {
      if (field.type !== 'decimal') continue;
      for (const key of ['scale', 'precision'] as const) {
        const value = field[key];
        if (value === undefined) continue;
        const constant = ctx.declare(
          'models',
          `${constantCase(name)}_${constantCase(field.name)}_${key.toUpperCase()}`,
          `the ${key} of field "${field.name}" of model "${name}"`,
        );
        lines.push(
          `${jsdoc(`The ${key} of \`${field.name}\` of \`${name}\`: ${what[key]} (lib/contract/decimal-digits.ts).`)}export const ${constant} = ${value};`,
        );
      }
    }
  }
  return lines.join('\n');
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

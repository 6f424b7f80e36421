import {
  HASH_CODE_ATTRIBUTE,
  ID_ATTRIBUTE,
  RETURNED_SYSTEM_ATTRIBUTES,
  type SystemAttribute,
} from '../../functions/runtime/conventions';
import {
  camelCase,
  constantCase,
  finderName,
  idPrefixConstant,
  pascalCase,
  repositoryClassName,
  resourceIdPrefix,
  variableName,
} from '../contract/names';
import type { Field } from '../contract/schema';
import { parseTypeRef } from '../contract/type-ref';
import type { ServiceContext, StoredResource } from './context';
import { GenerateError, header, jsdoc, stringLiteral } from './source';
import { tsType } from './zod-source';

/**
 * repository.ts: per stored resource a typed repository over the run-time `ResourceRepository`
 * (functions/runtime/repository/): its fields type, its indexes as
 * functions/runtime/conventions/table-layout.ts names them, its id prefix, and a finder per index.
 */

/** Fields the repository maintains, never written by callers. `hash_code` is never a model field the caller sets either. */
const MAINTAINED: ReadonlyArray<typeof ID_ATTRIBUTE | SystemAttribute> = [
  ID_ATTRIBUTE,
  ...RETURNED_SYSTEM_ATTRIBUTES,
  HASH_CODE_ATTRIBUTE,
];

/** What a declared system attribute must look like for the repository's values to parse. */
const SYSTEM_TYPES: Readonly<Record<(typeof RETURNED_SYSTEM_ATTRIBUTES)[number], readonly string[]>> = {
  version: ['long', 'integer'],
  created_at: ['date-time-iso8601', 'string'],
  updated_at: ['date-time-iso8601', 'string'],
};

const SYSTEM_SCHEMAS: Readonly<Record<(typeof RETURNED_SYSTEM_ATTRIBUTES)[number], string>> = {
  version: 'z.int().min(1)',
  created_at: 'z.iso.datetime({ offset: true })',
  updated_at: 'z.iso.datetime({ offset: true })',
};

function systemAttributeProblems(stored: StoredResource): string[] {
  const problems: string[] = [];
  for (const attribute of RETURNED_SYSTEM_ATTRIBUTES) {
    const field = stored.model.fields.find((f) => f.name === attribute);
    if (!field) continue;
    const allowed = SYSTEM_TYPES[attribute];
    if (!allowed.includes(field.type) || field.required === false || field.default !== undefined) {
      problems.push(
        `field "${attribute}" of stored model "${stored.name}" is maintained by the repository: ` +
          `make it required, without default, of type ${allowed.map((t) => `"${t}"`).join(' or ')}`,
      );
    }
  }
  return problems;
}

function finderSource(
  ctx: ServiceContext,
  stored: StoredResource,
  recordType: string,
  index: StoredResource['indexes'][number],
): string {
  const fields = index.fields.map((name) => {
    const field = stored.model.fields.find((f) => f.name === name) as Field;
    return { name, variable: variableName(name), type: tsType(parseTypeRef(field.type), ctx.names) };
  });
  const pageVariable = fields.some((f) => f.variable === 'page') ? 'pageRequest' : 'page';
  const parameters = fields.map((f) => `${f.variable}: ${f.type}`).join(', ');
  const values = `{ ${fields.map((f) => (f.variable === f.name ? f.name : `${f.name}: ${f.variable}`)).join(', ')} }`;
  const by = fields.map((f) => `\`${f.name}\``).join(' and ');
  const method = finderName(index.fields, index.unique);
  const caseNote = index.ignoreCase ? ', ignoring letter case' : '';
  if (index.unique) {
    return [
      `${jsdoc(`The \`${stored.name}\` whose ${by} ${fields.length > 1 ? 'are' : 'is'} the given value${fields.length > 1 ? 's' : ''}${caseNote}, if any (unique index \`${index.name}\`).`)}${method}(${parameters}): Promise<${recordType} | undefined> {`,
      `return this.findOne(${stringLiteral(index.name)}, ${values});`,
      '}',
    ].join('\n');
  }
  return [
    `${jsdoc(`The \`${stored.name}\` items whose ${by} ${fields.length > 1 ? 'are' : 'is'} the given value${fields.length > 1 ? 's' : ''}${caseNote}, a page at a time, newest first (index \`${index.name}\`).`)}${method}(${parameters}, ${pageVariable}?: PageRequest): Promise<Page<${recordType}>> {`,
    `return this.findAll(${stringLiteral(index.name)}, ${values}, ${pageVariable});`,
    '}',
  ].join('\n');
}

function resourceSource(ctx: ServiceContext, stored: StoredResource): string {
  const declare = (name: string, origin: string, kind: 'value' | 'type' = 'value') =>
    ctx.declare('repository', name, origin, kind);
  const what = `resource "${stored.name}"`;
  const pascal = pascalCase(stored.name);
  const modelSchema = ctx.names.schemaOf(stored.name);
  const modelFields = new Set(stored.model.fields.map((f) => f.name));
  const out: string[] = [];

  // The record: the model, plus the system attributes it does not declare itself.
  const missing = RETURNED_SYSTEM_ATTRIBUTES.filter((attribute) => !modelFields.has(attribute));
  let recordSchema = modelSchema;
  let recordType = ctx.names.typeOf(stored.name);
  if (missing.length > 0) {
    recordSchema = declare(`${camelCase(stored.name)}RecordSchema`, `the record schema of ${what}`);
    recordType = declare(`${pascal}Record`, `the record type of ${what}`, 'type');
    out.push(
      [
        `${jsdoc(`A stored \`${stored.name}\`: the model and the system attributes the repository maintains.`)}export const ${recordSchema} = ${modelSchema}.extend({\n${missing.map((a) => `${a}: ${SYSTEM_SCHEMAS[a]},`).join('\n')}\n});`,
        `export type ${recordType} = z.output<typeof ${recordSchema}>;`,
      ].join('\n'),
    );
  }

  const fieldsSchema = declare(`${camelCase(stored.name)}FieldsSchema`, `the fields schema of ${what}`);
  const fieldsType = declare(`${pascal}Fields`, `the fields type of ${what}`, 'type');
  const fieldsInput = declare(`${pascal}FieldsInput`, `the fields input type of ${what}`, 'type');
  const omitted = MAINTAINED.filter((name) => modelFields.has(name));
  out.push(
    [
      `${jsdoc(
        `What a write of \`${stored.name}\` stores: the model's fields but the id and the system attributes the repository maintains.`,
        'Parse with it to apply the defaults before `create` or `replace`.',
      )}export const ${fieldsSchema} = ${modelSchema}.omit({ ${omitted.map((name) => `${name}: true`).join(', ')} });`,
      `export type ${fieldsType} = z.output<typeof ${fieldsSchema}>;`,
      `export type ${fieldsInput} = z.input<typeof ${fieldsSchema}>;`,
    ].join('\n'),
  );

  const indexes = declare(`${constantCase(stored.name)}_INDEXES`, `the indexes of ${what}`);
  out.push(
    `${jsdoc(`The storage indexes of \`${stored.name}\`, a GSI each, named as lib/contract/table-layout.ts says${stored.indexes.some((i) => i.ignoreCase) ? ' (`ignoreCase`: values that differ only in letter case are one value)' : ''}.`)}export const ${indexes} = [${stored.indexes
      .map(
        (i) =>
          // ignoreCase only when set, so the indexes of every other spec are generated as before.
          `{ name: ${stringLiteral(i.name)}, fields: [${i.fields.map(stringLiteral).join(', ')}], unique: ${i.unique}${i.ignoreCase ? ', ignoreCase: true' : ''} }`,
      )
      .join(', ')}] as const;`,
  );

  const className = declare(repositoryClassName(stored.name), `the repository of ${what}`);
  const finders = stored.indexes.map((index) => finderSource(ctx, stored, recordType, index));
  const finderNames = stored.indexes.map((index) => finderName(index.fields, index.unique));
  const repeated = finderNames.filter((name, i) => finderNames.indexOf(name) !== i);
  if (repeated.length > 0) {
    throw new GenerateError(ctx.file, [
      `indexes of ${what} would share the finder ${repeated[0]}; change one of them`,
    ]);
  }
  out.push(
    [
      `${jsdoc(
        `The \`${stored.name}\` items of the service's table (ids prefixed \`${resourceIdPrefix(stored.name, stored.resource)}-\`).`,
        ...(stored.resource.description ? [stored.resource.description] : []),
      )}export class ${className} extends ResourceRepository<${recordType}, ${fieldsType}> {`,
      'constructor(options: RepositoryOptions) {',
      'super({',
      '...options,',
      `resource: ${stringLiteral(stored.name)},`,
      // The constant models.ts declares, so the prefix is written once.
      `idPrefix: ${idPrefixConstant(stored.name)},`,
      `indexes: ${indexes},`,
      // Only when the spec sets it, so every other spec's code is generated as before.
      ...listShardsLine(stored),
      `parse: (item) => ${recordSchema}.parse(item),`,
      '});',
      '}',
      ...finders.flatMap((finder) => ['', finder]),
      '}',
    ].join('\n'),
  );
  return out.join('\n\n');
}

/** `listShards: 4,` when the spec sets `storage.list_shards`: the repositories' default is the conventions'. */
export function listShardsLine(stored: StoredResource): string[] {
  const shards = stored.resource.storage?.list_shards;
  return shards === undefined ? [] : [`listShards: ${shards},`];
}

export function generateRepository(ctx: ServiceContext): string {
  const problems = ctx.stored.flatMap(systemAttributeProblems);
  if (problems.length > 0) throw new GenerateError(ctx.file, problems);
  if (ctx.stored.length === 0) {
    return `${header(ctx.file)}\n\n// The service stores no resource.\nexport {};\n`;
  }
  const options = ctx.declare('repository', 'RepositoryOptions', 'the repository options type', 'type');
  const body = [
    `${jsdoc("Where a repository keeps its items: the service's table, through a client created once at module scope.")}export interface ${options} {\nreadonly client: DynamoDBDocumentClient;\nreadonly tableName: string;\n${jsdoc('Stamps ids, created_at and updated_at; the system clock when left out.')}readonly clock?: Clock;\n}`,
    ...ctx.stored.map((stored) => resourceSource(ctx, stored)),
  ].join('\n\n');
  const pageTypes = ['Page', 'PageRequest'].filter((name) => new RegExp(`\\b${name}\\b`).test(body));
  const imports = [
    "import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    "import { z } from 'zod';",
    "import type { Clock } from '../../runtime/clock';",
    `import { ${[...pageTypes.map((name) => `type ${name}`), 'ResourceRepository'].join(', ')} } from '../../runtime/repository';`,
    ctx.importFrom('models', body),
  ].filter(Boolean);
  return `${header(ctx.file)}\n\n${imports.join('\n')}\n\n${body}\n`;
}

/**
 * `generated/testing/repositories.ts`: per stored resource an in-memory repository, a subclass of
 * functions/runtime/testing/memory-repository.ts configured as the generated repository is (its
 * resource name, id prefix, indexes and parse) with the same finders. The fake (testing-fake.ts)
 * passes them where the service takes `Api<XRepository>`, so the type checker proves that every
 * public member of the real repository is there.
 */
import { RETURNED_SYSTEM_ATTRIBUTES } from '../../functions/runtime/conventions';
import {
  camelCase,
  constantCase,
  finderName,
  idPrefixConstant,
  pascalCase,
  variableName,
} from '../contract/names';
import type { Field } from '../contract/schema';
import { parseTypeRef } from '../contract/type-ref';
import type { ServiceContext, StoredResource } from './context';
import { listShardsLine } from './repository';
import { header, jsdoc, stringLiteral } from './source';
import { type TypeNames, tsType } from './zod-source';

/** `user` → `MemoryUserRepository`. */
export function memoryRepositoryClassName(resource: string): string {
  return `Memory${pascalCase(resource)}Repository`;
}

/** Type names as seen from the testing modules, which import the models as a namespace. */
export function qualifiedNames(ctx: ServiceContext): TypeNames {
  return {
    schemaOf: (name) => `models.${ctx.names.schemaOf(name)}`,
    typeOf: (name) => `models.${ctx.names.typeOf(name)}`,
    isModel: (name) => ctx.isModel(name),
  };
}

/**
 * The record (what the repository returns) of a stored resource, as the generated repository.ts
 * names it: the model itself, or `<Resource>Record` when the model leaves out system attributes.
 */
export function recordOf(
  ctx: ServiceContext,
  stored: StoredResource,
): { readonly schema: string; readonly type: string } {
  const fields = new Set(stored.model.fields.map((field) => field.name));
  if (RETURNED_SYSTEM_ATTRIBUTES.every((attribute) => fields.has(attribute))) {
    return {
      schema: `models.${ctx.names.schemaOf(stored.name)}`,
      type: `models.${ctx.names.typeOf(stored.name)}`,
    };
  }
  return {
    schema: `repository.${camelCase(stored.name)}RecordSchema`,
    type: `repository.${pascalCase(stored.name)}Record`,
  };
}

function finder(
  ctx: ServiceContext,
  stored: StoredResource,
  record: string,
  index: StoredResource['indexes'][number],
) {
  const names = qualifiedNames(ctx);
  const fields = index.fields.map((name) => {
    const field = stored.model.fields.find((f) => f.name === name) as Field;
    return { name, variable: variableName(name), type: tsType(parseTypeRef(field.type), names) };
  });
  const pageVariable = fields.some((f) => f.variable === 'page') ? 'pageRequest' : 'page';
  const parameters = fields.map((f) => `${f.variable}: ${f.type}`).join(', ');
  const values = `{ ${fields.map((f) => (f.variable === f.name ? f.name : `${f.name}: ${f.variable}`)).join(', ')} }`;
  const method = finderName(index.fields, index.unique);
  const doc = jsdoc(`As \`${method}\` of the generated repository (index \`${index.name}\`).`);
  if (index.unique) {
    return `${doc}${method}(${parameters}): Promise<${record} | undefined> {\nreturn this.findOne(${stringLiteral(index.name)}, ${values});\n}`;
  }
  return `${doc}${method}(${parameters}, ${pageVariable}?: PageRequest): Promise<Page<${record}>> {\nreturn this.findAll(${stringLiteral(index.name)}, ${values}, ${pageVariable});\n}`;
}

export function generateTestingRepositories(ctx: ServiceContext): string {
  if (ctx.stored.length === 0) {
    return `${header(ctx.file)}\n\n// The service stores no resource: nothing to keep in memory.\nexport {};\n`;
  }
  const classes = ctx.stored.map((stored) => {
    const record = recordOf(ctx, stored);
    const fieldsType = `repository.${pascalCase(stored.name)}Fields`;
    const finders = stored.indexes.map((index) => finder(ctx, stored, record.type, index));
    return [
      `${jsdoc(
        `The \`${stored.name}\` items in memory, for tests and fakes: the API, errors and rules of \`${pascalCase(stored.name)}Repository\``,
        '(functions/runtime/testing/memory-repository.ts), `seed` and `all` besides.',
      )}export class ${memoryRepositoryClassName(stored.name)} extends MemoryRepository<${record.type}, ${fieldsType}> {`,
      `${jsdoc('`clock` stamps ids, created_at and updated_at; the system clock when left out.')}constructor(options: { readonly clock?: Clock } = {}) {`,
      'super({',
      '...options,',
      `resource: ${stringLiteral(stored.name)},`,
      `idPrefix: models.${idPrefixConstant(stored.name)},`,
      `indexes: repository.${constantCase(stored.name)}_INDEXES,`,
      ...listShardsLine(stored),
      `parse: (item) => ${record.schema}.parse(item),`,
      '});',
      '}',
      ...finders.flatMap((source) => ['', source]),
      '}',
    ].join('\n');
  });
  const body = classes.join('\n\n');
  const pageTypes = ['Page', 'PageRequest'].filter((name) => new RegExp(`\\b${name}\\b`).test(body));
  const imports = [
    "import type { Clock } from '../../../runtime/clock';",
    ...(pageTypes.length > 0
      ? [`import type { ${pageTypes.join(', ')} } from '../../../runtime/repository';`]
      : []),
    "import { MemoryRepository } from '../../../runtime/testing/memory-repository';",
    "import * as models from '../models';",
    "import * as repository from '../repository';",
  ];
  return `${header(ctx.file)}\n\n${imports.join('\n')}\n\n${body}\n`;
}

/**
 * `generated/implementations.ts`: every operation's implementation, in one module. An operation
 * whose implementation file a person wrote (`handlers/<operation>.ts`, exporting `implementation`)
 * uses it; an operation of standard shape (standard-shape.ts) that nobody wrote gets its standard
 * implementation here, one call into functions/runtime/standard-operations.ts; any other operation
 * must have a written file (`dev generate` scaffolds a stub that answers 501).
 *
 * Each implementation is typed by its operation (`OperationImplementation<typeof op, Deps>`), so a
 * written one that returns an undeclared status or a body of the wrong shape fails the type check.
 */

import { camelCase, constantCase } from '../contract/names';
import type { OperationInfo, ServiceContext } from './context';
import { generatedDirOf, implementationFile, kebabCase } from './layout';
import { depsTypeName } from './service-deps';
import { header, jsdoc, stringLiteral } from './source';
import { type StandardShape, standardShape } from './standard-shape';

/** How one operation is implemented. */
export type ImplementationSource =
  | { readonly kind: 'written'; readonly file: string }
  | { readonly kind: 'standard'; readonly shape: StandardShape }
  | { readonly kind: 'missing'; readonly file: string };

/** Where each operation's implementation comes from, given the files people wrote. */
export function implementationSources(
  ctx: ServiceContext,
  written: ReadonlySet<string>,
): ReadonlyMap<string, ImplementationSource> {
  const out = new Map<string, ImplementationSource>();
  for (const op of ctx.operations) {
    const file = implementationFile(ctx.service, op.id);
    const shape = standardShape(op.ref, ctx.spec);
    if (written.has(file)) out.set(op.id, { kind: 'written', file });
    else if (shape !== undefined) out.set(op.id, { kind: 'standard', shape });
    else out.set(op.id, { kind: 'missing', file });
  }
  return out;
}

function descriptorOf(op: OperationInfo): string {
  return `${op.id}Operation`;
}

/** The constant holding the indexes a standard list may filter by: `listUsersFilters`. */
function filtersConstant(op: OperationInfo): string {
  return `${op.id}Filters`;
}

/** A standard implementation: an arrow function making one call to the runtime's standard operations. */
function standardArrow(op: OperationInfo, shape: StandardShape): string {
  const repository = `deps.repositories.${shape.resource}`;
  const resource = stringLiteral(shape.resource);
  const fields = `${camelCase(shape.resource)}FieldsSchema`;
  switch (shape.kind) {
    case 'get':
      return `(request, deps) => getItem(${repository}, ${resource}, request.path.${op.pathParameters[0]?.name ?? 'id'})`;
    case 'list':
      return `(request, deps) => listItems(${repository}, request.query, ${filtersConstant(op)})`;
    case 'create':
      return `(request, deps) => createItem(${repository}, ${fields}.parse(request.body), ${stringLiteral(op.ref.path)}, ${shape.successStatus})`;
    case 'replace':
      return `(request, deps) => replaceItem(${repository}, request.path.${op.pathParameters[0]?.name ?? 'id'}, ${fields}.parse(request.body), request.headers['if-match'])`;
    case 'delete': {
      const call = `deleteItem(${repository}, ${resource}, request.path.${op.pathParameters[0]?.name ?? 'id'}, request.headers['if-match'])`;
      return shape.returnsBody
        ? `async (request, deps) => ({ status: 200, body: await ${call} })`
        : `async (request, deps) => {\nawait ${call};\nreturn { status: 204 };\n}`;
    }
  }
}

export function generateImplementations(
  ctx: ServiceContext,
  sources: ReadonlyMap<string, ImplementationSource>,
): string {
  const deps = depsTypeName(ctx.service);
  const runtimeHelpers = new Set<string>();
  const repositoryImports = new Set<string>();
  const writtenImports: string[] = [];
  const declarations: string[] = [];
  for (const op of ctx.operations) {
    const source = sources.get(op.id);
    const type = `OperationImplementation<typeof ${descriptorOf(op)}, ${deps}>`;
    if (source === undefined || source.kind !== 'standard') {
      // Written by a person (or a stub scaffolded for them): re-exported under the operation's id.
      writtenImports.push(`import { implementation as ${op.id} } from '../handlers/${kebabCase(op.id)}';`);
      continue;
    }
    const { shape } = source;
    runtimeHelpers.add(
      {
        get: 'getItem',
        list: 'listItems',
        create: 'createItem',
        replace: 'replaceItem',
        delete: 'deleteItem',
      }[shape.kind],
    );
    if (shape.kind === 'list') {
      const indexes = `${constantCase(shape.resource)}_INDEXES`;
      repositoryImports.add(indexes);
      const usable = shape.filterIndexes.map((fields) => stringLiteral(fields));
      declarations.push(
        `${jsdoc(`The indexes ${op.id} may filter by: those whose every field is one of its query parameters.`)}const ${filtersConstant(op)} = ${indexes}.filter((index) => [${usable.join(', ')}].includes(index.fields.join(',')));`,
      );
    }
    if (shape.kind === 'create' || shape.kind === 'replace')
      repositoryImports.add(`${camelCase(shape.resource)}FieldsSchema`);
    declarations.push(
      `${jsdoc(`${op.ref.key}: the standard ${shape.kind} of ${shape.resource}.`)}export const ${op.id}: ${type} = ${standardArrow(op, shape)};`,
    );
  }
  const ids = ctx.operations.map((op) => op.id);
  const imports = [
    "import type { Implementation } from '../../runtime/http';",
    "import { type OperationImplementation, withDeps } from '../../runtime/operation';",
    ...(runtimeHelpers.size > 0
      ? [`import { ${[...runtimeHelpers].sort().join(', ')} } from '../../runtime/standard-operations';`]
      : []),
    ...writtenImports,
    `import { ${ctx.operations.map((op) => `type ${descriptorOf(op)}`).join(', ')}, type OperationId } from './operations';`,
    ...(repositoryImports.size > 0
      ? [`import { ${[...repositoryImports].sort().join(', ')} } from './repository';`]
      : []),
    `import type { ${deps} } from './service';`,
  ];
  const written = ctx.operations.filter((op) => sources.get(op.id)?.kind !== 'standard').map((op) => op.id);
  const exports = [
    ...(written.length > 0
      ? [
          `${jsdoc("The written implementations, under their operations' ids.")}export { ${written.join(', ')} };`,
        ]
      : []),
    `${jsdoc(`Every operation of ${ctx.service} with its implementation: written ones as they are, the others standard.`)}export const IMPLEMENTATIONS = {\n${ids.map((id) => `${id},`).join('\n')}\n} as const;`,
    `${jsdoc('Every implementation with `deps` bound, for `httpRouter(OPERATIONS, ...)`: the in-process fake (testing/fake.ts) and tests. Deployed, and under `dev up`, each operation runs in its own Lambda (lambdas/).')}export function implementationsWith(deps: ${deps} | (() => ${deps})): Readonly<Record<OperationId, Implementation>> {\nreturn {\n${ids.map((id) => `${id}: withDeps(${id}, deps),`).join('\n')}\n};\n}`,
  ];
  return `${[header(ctx.file), imports.join('\n'), declarations.join('\n\n'), exports.join('\n\n')].filter(Boolean).join('\n\n')}\n`;
}

/** The path of a service's generated implementations.ts. */
export function implementationsFile(service: string): string {
  return `${generatedDirOf(service)}/implementations.ts`;
}

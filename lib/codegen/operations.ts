import { isIdempotent } from '../contract/model';
import type { Parameter } from '../contract/schema';
import { parseTypeRef, type TypeRef } from '../contract/type-ref';
import type { OperationInfo, ServiceContext } from './context';
import { docLines, header, jsdoc, stringLiteral } from './source';
import {
  type HelperSink,
  schemaLibraryImports,
  TEXT_HELPERS,
  type TextHelper,
  tsType,
  zodMember,
  zodType,
} from './zod-source';

/**
 * operations.ts: one `OperationDescriptor` per operation (the HTTP adapter routes, parses and
 * validates by it; the generated client calls by it), with the operation's typed parameters,
 * body and response, `OPERATIONS` and `OPERATIONS_BY_ID`.
 */

/** Names of what operations.ts declares for one operation. */
export interface OperationNames {
  readonly descriptor: string;
  readonly path: string;
  readonly query: string;
  /** The caller's view of the query parameters, when there are any. */
  readonly queryInput?: string;
  readonly body?: string;
  readonly bodyInput?: string;
  readonly response: string;
  readonly request: string;
}

export function operationNames(op: OperationInfo): OperationNames {
  const p = op.typePrefix;
  return {
    descriptor: `${op.id}Operation`,
    path: `${p}Path`,
    query: `${p}Query`,
    ...(op.queryParameters.length > 0 ? { queryInput: `${p}QueryInput` } : {}),
    ...(op.ref.operation.body ? { body: `${p}Body`, bodyInput: `${p}BodyInput` } : {}),
    response: `${p}Response`,
    request: `${p}Request`,
  };
}

/** The success response's type reference, or undefined for `unit`. */
export function successType(op: OperationInfo): TypeRef | undefined {
  const response = op.ref.operation.responses[String(op.successStatus)];
  if (!response || response.type === 'unit') return undefined;
  return parseTypeRef(response.type);
}

function objectSchema(
  ctx: ServiceContext,
  entries: ReadonlyArray<{ readonly name: string; readonly parameter?: Parameter }>,
  helpers: HelperSink,
): string {
  if (entries.length === 0) return 'z.object({})';
  const lines = entries.map(({ name, parameter }) => {
    const schema = parameter ? zodMember(parameter, ctx.names, { encoding: 'text', helpers }) : 'z.string()';
    return `${parameter ? jsdoc(...docLines(parameter)) : ''}${name}: ${schema},`;
  });
  return `z.object({\n${lines.join('\n')}\n})`;
}

function queryInputType(ctx: ServiceContext, parameters: readonly Parameter[]): string {
  const lines = parameters.map((parameter) => {
    const optional = parameter.required === false || parameter.default !== undefined;
    return `${jsdoc(...docLines(parameter))}readonly ${parameter.name}${optional ? '?' : ''}: ${tsType(parseTypeRef(parameter.type), ctx.names)};`;
  });
  return `{\n${lines.join('\n')}\n}`;
}

/** A schema expression that can be named in a type (`typeof x`): named types are; others get a constant. */
function namedSchema(
  ctx: ServiceContext,
  ref: TypeRef,
  constant: string,
  origin: string,
  declarations: string[],
): string {
  const expression = zodType(ref, ctx.names);
  if (ref.kind === 'named') return expression;
  ctx.declare('operations', constant, origin, 'local');
  declarations.push(`const ${constant} = ${expression};`);
  return constant;
}

/** The type of a schema's output or input: a model's own type name when it is one, else `z.output<typeof …>`. */
function typeOfSchema(ctx: ServiceContext, ref: TypeRef, schema: string, side: 'output' | 'input'): string {
  if (ref.kind === 'named' && ctx.isModel(ref.name)) {
    return side === 'output' ? ctx.names.typeOf(ref.name) : `${ctx.names.typeOf(ref.name)}Input`;
  }
  return `z.${side}<typeof ${schema}>`;
}

function operationSource(ctx: ServiceContext, op: OperationInfo, helpers: HelperSink): string {
  const names = operationNames(op);
  const { operation } = op.ref;
  const what = `operation ${op.id} (${op.ref.key})`;
  const out: string[] = [`// ${op.id}: ${op.ref.key}`];

  const pathSchema = ctx.declare('operations', `${op.id}PathSchema`, `the path schema of ${what}`, 'local');
  const querySchema = ctx.declare(
    'operations',
    `${op.id}QuerySchema`,
    `the query schema of ${what}`,
    'local',
  );
  out.push(`const ${pathSchema} = ${objectSchema(ctx, op.pathParameters, helpers)};`);
  out.push(
    `const ${querySchema} = ${objectSchema(
      ctx,
      op.queryParameters.map((parameter) => ({ name: parameter.name, parameter })),
      helpers,
    )};`,
  );

  const declarations: string[] = [];
  let bodySchema: string | undefined;
  if (operation.body) {
    bodySchema = namedSchema(
      ctx,
      parseTypeRef(operation.body.type),
      `${op.id}BodySchema`,
      `the body schema of ${what}`,
      declarations,
    );
  }
  const success = successType(op);
  const responseSchema =
    success === undefined
      ? undefined
      : namedSchema(ctx, success, `${op.id}ResponseSchema`, `the response schema of ${what}`, declarations);
  out.push(...declarations);

  out.push(
    `${jsdoc(`The path parameters of ${op.id}.`)}export type ${ctx.declare('operations', names.path, `the path type of ${what}`, 'type')} = z.output<typeof ${pathSchema}>;`,
    `${jsdoc(`The query parameters of ${op.id}, defaults applied.`)}export type ${ctx.declare('operations', names.query, `the query type of ${what}`, 'type')} = z.output<typeof ${querySchema}>;`,
  );
  if (names.queryInput) {
    out.push(
      `${jsdoc(`The query parameters of ${op.id} as a caller passes them.`)}export type ${ctx.declare('operations', names.queryInput, `the query input type of ${what}`, 'type')} = ${queryInputType(ctx, op.queryParameters)};`,
    );
  }
  if (names.body && names.bodyInput && bodySchema && operation.body) {
    const ref = parseTypeRef(operation.body.type);
    out.push(
      `${jsdoc(`The request body of ${op.id}, as parsed (defaults applied, unknown fields stripped).`)}export type ${ctx.declare('operations', names.body, `the body type of ${what}`, 'type')} = ${typeOfSchema(ctx, ref, bodySchema, 'output')};`,
      `${jsdoc(`The request body of ${op.id} as a caller sends it.`)}export type ${ctx.declare('operations', names.bodyInput, `the body input type of ${what}`, 'type')} = ${typeOfSchema(ctx, ref, bodySchema, 'input')};`,
    );
  }
  out.push(
    `${jsdoc(`The body of the success response (${op.successStatus}) of ${op.id}.`)}export type ${ctx.declare('operations', names.response, `the response type of ${what}`, 'type')} = ${success === undefined || responseSchema === undefined ? 'undefined' : typeOfSchema(ctx, success, responseSchema, 'output')};`,
    `${jsdoc(`A parsed ${op.id} request, as the HTTP adapter hands it to the handler.`)}export type ${ctx.declare('operations', names.request, `the request type of ${what}`, 'type')} = ParsedRequest<${names.path}, ${names.query}, ${names.body ?? 'undefined'}>;`,
  );

  const responses = Object.entries(operation.responses)
    .map(([status, response]) => {
      if (response.type === 'unit') return `${status}: null,`;
      if (Number(status) === op.successStatus && responseSchema) return `${status}: ${responseSchema},`;
      return `${status}: ${zodType(parseTypeRef(response.type), ctx.names)},`;
    })
    .join('\n');
  const descriptor = ctx.declare('operations', names.descriptor, `the descriptor of ${what}`);
  out.push(
    `${jsdoc(...docLines(operation))}export const ${descriptor} = {`,
    `id: ${stringLiteral(op.id)},`,
    `service: ${stringLiteral(ctx.service)},`,
    `resource: ${stringLiteral(op.ref.resourceName)},`,
    `method: ${stringLiteral(operation.method)},`,
    `path: ${stringLiteral(op.ref.path)},`,
    `pathParameters: ${pathSchema},`,
    `queryParameters: ${querySchema},`,
    ...(bodySchema ? [`body: ${bodySchema},`] : []),
    `responses: {\n${responses}\n},`,
    `successStatus: ${op.successStatus},`,
    `auth: ${stringLiteral(operation.auth ?? 'iam')},`,
    ...(isIdempotent(op.ref) ? ['idempotent: true,'] : []),
    '} as const satisfies OperationDescriptor;',
  );
  return out.join('\n');
}

export function generateOperations(ctx: ServiceContext): string {
  const helpers: HelperSink = new Set<TextHelper>();
  const bodies = ctx.operations.map((op) => operationSource(ctx, op, helpers));
  const all = ctx.declare('operations', 'OPERATIONS', 'the list of operations');
  const byId = ctx.declare('operations', 'OPERATIONS_BY_ID', 'the operations by id');
  const idType = ctx.declare('operations', 'OperationId', 'the operation id type', 'type');
  const descriptors = ctx.operations.map((op) => operationNames(op).descriptor);
  bodies.push(
    [
      `${jsdoc('Every operation of the service, in spec order.')}export const ${all}: readonly OperationDescriptor[] = [${descriptors.join(', ')}];`,
      `${jsdoc('Every operation of the service, by id.')}export const ${byId} = {\n${ctx.operations.map((op) => `${op.id}: ${operationNames(op).descriptor},`).join('\n')}\n} as const;`,
      `export type ${idType} = keyof typeof ${byId};`,
    ].join('\n'),
  );
  const code = bodies.join('\n\n');
  const helperSource = (Object.keys(TEXT_HELPERS) as TextHelper[])
    .filter((helper) => helpers.has(helper))
    .map((helper) => {
      ctx.declare('operations', helper, `the text helper ${helper}`, 'local');
      return TEXT_HELPERS[helper];
    });
  const imports = [
    ...schemaLibraryImports(code, (names) => ctx.imports(names)),
    "import { z } from 'zod';",
    "import type { OperationDescriptor, ParsedRequest } from '../../runtime/operation';",
    ctx.importFrom('models', code),
  ].filter(Boolean);
  return `${[header(ctx.file), imports.join('\n'), ...helperSource, code].join('\n\n')}\n`;
}

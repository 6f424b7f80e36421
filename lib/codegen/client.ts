import { isIdempotent } from '../contract/model';
import { apiUrlVariable, clientClassName, variableName } from '../contract/names';
import { parseTypeRef } from '../contract/type-ref';
import type { OperationInfo, ServiceContext } from './context';
import { operationNames, successType } from './operations';
import { readerNames, readerTypes } from './readers';
import { docLines, header, jsdoc, stringLiteral } from './source';
import { type TypeNames, tsType, zodType } from './zod-source';

/**
 * client.ts: the typed client other services use to call this one. One method per operation,
 * named like the operation id; the signing, fetching and checking is the run-time `ApiClient`
 * (functions/runtime/http-client.ts), so the generated class stays thin.
 */

/** Method parameters that are not path parameters; a path parameter of the same name is renamed. */
const OTHER_PARAMETERS: ReadonlySet<string> = new Set(['body', 'query']);

/** A method and the reader schema constant its success is parsed with (declared above the class). */
interface MethodSource {
  readonly method: string;
  readonly reader?: string;
}

/** `getUserReader`: the constant holding the schema a method reads its success with. */
function readerConstant(op: OperationInfo): string {
  return `${op.id}Reader`;
}

function methodSource(ctx: ServiceContext, op: OperationInfo, readers: TypeNames): MethodSource {
  const names = operationNames(op);
  const { operation } = op.ref;
  const parameters: string[] = [];
  const pathEntries: string[] = [];
  for (const { name, parameter } of op.pathParameters) {
    let variable = variableName(name);
    if (OTHER_PARAMETERS.has(variable)) variable = `${variable}Value`;
    parameters.push(`${variable}: ${parameter ? tsType(parseTypeRef(parameter.type), ctx.names) : 'string'}`);
    pathEntries.push(variable === name ? name : `${name}: ${variable}`);
  }
  if (names.bodyInput) parameters.push(`body: ${names.bodyInput}`);
  if (names.queryInput) {
    const required = op.queryParameters.some((p) => p.required !== false && p.default === undefined);
    parameters.push(required ? `query: ${names.queryInput}` : `query: ${names.queryInput} = {}`);
  }
  // What makes a call safe to send again (functions/runtime/http-client.ts retries it): a GET; a PUT
  // or DELETE (the same state however often); a PATCH only with If-Match; a POST with its key.
  const method = operation.method;
  const conditional = method === 'PUT' || method === 'PATCH' || method === 'DELETE';
  const keyed = isIdempotent(op.ref);
  const notes: string[] = [];
  let headers: string | undefined;
  let retry: string;
  if (conditional) {
    parameters.push('options: { readonly ifMatch?: number } = {}');
    // An entity tag is the quoted version: JSON.stringify(String(3)) is `"3"`.
    headers =
      "options.ifMatch === undefined ? undefined : { 'if-match': JSON.stringify(String(options.ifMatch)) }";
    retry = method === 'PATCH' ? 'options.ifMatch !== undefined' : 'true';
    notes.push(
      '`options.ifMatch`: the version you read; the call then fails with a 412 `ApiError` if the resource changed since.',
    );
  } else if (keyed) {
    parameters.push('options: { readonly idempotencyKey?: string } = {}');
    headers = "{ 'idempotency-key': options.idempotencyKey ?? randomUUID() }";
    retry = 'true';
    notes.push(
      'Sent with an `Idempotency-Key` (`options.idempotencyKey`, else a new one per call), so retries never create twice.',
    );
  } else {
    retry = method === 'GET' ? 'true' : 'false';
  }
  const call = [
    `operation: ${names.descriptor}`,
    ...(pathEntries.length > 0 ? [`path: { ${pathEntries.join(', ')} }`] : []),
    ...(names.queryInput ? ['query'] : []),
    ...(names.bodyInput ? ['body'] : []),
    ...(headers === undefined ? [] : [`headers: ${headers}`]),
    `retry: ${retry}`,
  ].join(', ');
  const success = successType(op);
  // Responses are read with open enums (readers.ts): a value added since this client was generated
  // is an UnknownEnumValue, not an error.
  const reader = success === undefined ? undefined : readerConstant(op);
  const read = `z.output<typeof ${reader}>`;
  let returnType: string;
  let invocation: string;
  if (success === undefined) {
    returnType = 'Promise<void>';
    invocation = `this.#api.fetchEmpty({ ${call} })`;
  } else if (op.isItemGet) {
    returnType = `Promise<${read} | undefined>`;
    invocation = `this.#api.fetchOptional({ ${call} }, ${reader})`;
    notes.push('Resolves to `undefined` when there is no such item (404).');
  } else if (op.isList) {
    returnType = `Promise<Page<${read}[number]>>`;
    invocation = `this.#api.fetchPage({ ${call} }, ${reader})`;
    notes.push('Resolves to one page: pass its `cursor` back as the `cursor` query parameter for the next.');
  } else {
    returnType = `Promise<${read}>`;
    invocation = `this.#api.fetchJson({ ${call} }, ${reader})`;
  }
  if (success !== undefined && /Read\b/.test(zodType(success, readers))) {
    notes.push(
      'Its enums are open: a value added since this client was generated comes as an `UnknownEnumValue`.',
    );
  }
  notes.push(`\`${op.ref.key}\`; any other non-2xx status throws an \`ApiError\`.`);
  const source = [
    `${jsdoc(...docLines(operation), ...notes)}${op.id}(${parameters.join(', ')}): ${returnType} {`,
    `return ${invocation};`,
    '}',
  ].join('\n');
  return reader === undefined || success === undefined
    ? { method: source }
    : {
        method: source,
        reader: `${jsdoc(`What ${op.id} reads its ${op.successStatus} with.`)}const ${reader} = ${zodType(success, readers)};`,
      };
}

export function generateClient(ctx: ServiceContext): string {
  const className = ctx.declare('client', clientClassName(ctx.service), 'the client class');
  const variable = apiUrlVariable(ctx.service);
  for (const name of ['ApiError', 'InvalidResponseError'])
    ctx.declare('client', name, 'a re-export of the run-time client');
  ctx.declare('client', 'ApiClientOptions', 'a re-export of the run-time client', 'type');
  const readers = readerNames(ctx, readerTypes(ctx));
  const sources = ctx.operations.map((op) => methodSource(ctx, op, readers));
  const methods = sources.map((source) => source.method);
  const readerConstants = sources.flatMap((source) => (source.reader === undefined ? [] : [source.reader]));
  for (const op of ctx.operations) {
    if (successType(op) !== undefined)
      ctx.declare('client', readerConstant(op), `the reader of ${op.id}`, 'local');
  }
  const body = [
    `${jsdoc(
      `Calls the API of the \`${ctx.service}\` service.`,
      ctx.spec.description,
      `Requests are signed with SigV4 for \`execute-api\`; the base URL is the \`baseUrl\` option or \`${variable}\`.`,
      'Create one at module scope: it resolves its configuration on the first call.',
    )}export class ${className} {`,
    'readonly #api: ApiClient;',
    '',
    'constructor(options: ApiClientOptions = {}) {',
    `this.#api = new ApiClient({ ...options, baseUrlVariable: ${stringLiteral(variable)} });`,
    '}',
    ...methods.flatMap((method) => ['', method]),
    '}',
  ].join('\n');
  const readerSource = readerConstants.join('\n');
  const imports = [
    ...(ctx.operations.some((op) => isIdempotent(op.ref))
      ? ["import { randomUUID } from 'node:crypto';"]
      : []),
    ...(/\bnew Big\(/.test(readerSource) ? ["import Big from 'big.js';"] : []),
    ...(readerSource === '' ? [] : ["import { z } from 'zod';"]),
    "import { ApiClient, type ApiClientOptions } from '../../runtime/http-client';",
    ...(ctx.operations.some((op) => op.isList)
      ? ["import type { Page } from '../../runtime/pagination';"]
      : []),
    ctx.importFrom('models', `${readerSource}\n${body}`),
    ctx.importFrom('readers', readerSource),
    ctx.importFrom('operations', body),
  ].filter(Boolean);
  const reexport =
    "export { type ApiClientOptions, ApiError, InvalidResponseError } from '../../runtime/http-client';";
  return `${header(ctx.file)}\n\n${imports.join('\n')}\n\n${reexport}\n\n${readerSource === '' ? '' : `${readerSource}\n\n`}${body}\n`;
}

export function generateIndex(ctx: ServiceContext): string {
  const modules = ['client', 'events', 'models', 'operations', 'readers', 'repository'];
  return `${header(ctx.file)}\n\n${modules.map((m) => `export * from './${m}';`).join('\n')}\n`;
}

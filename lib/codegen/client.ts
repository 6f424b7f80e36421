import { parseTypeRef } from '../spec/type-ref';
import type { OperationInfo, ServiceContext } from './context';
import { apiUrlVariable, clientClassName, variableName } from './names';
import { operationNames, successType } from './operations';
import { docLines, header, jsdoc, stringLiteral } from './source';
import { tsType } from './zod-source';

/**
 * client.ts: the typed client other services use to call this one. One method per operation,
 * named like the operation id; the signing, fetching and checking is the run-time `ApiClient`
 * (functions/runtime/http-client.ts), so the generated class stays thin.
 */

/** Method parameters that are not path parameters; a path parameter of the same name is renamed. */
const OTHER_PARAMETERS: ReadonlySet<string> = new Set(['body', 'query']);

function methodSource(ctx: ServiceContext, op: OperationInfo): string {
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
  const call = [
    `operation: ${names.descriptor}`,
    ...(pathEntries.length > 0 ? [`path: { ${pathEntries.join(', ')} }`] : []),
    ...(names.queryInput ? ['query'] : []),
    ...(names.bodyInput ? ['body'] : []),
  ].join(', ');
  const success = successType(op);
  const responseSchema = `${names.descriptor}.responses[${op.successStatus}]`;
  let returnType: string;
  let invocation: string;
  const notes: string[] = [];
  if (success === undefined) {
    returnType = 'Promise<void>';
    invocation = `this.#api.fetchEmpty({ ${call} })`;
  } else if (op.isItemGet) {
    returnType = `Promise<${names.response} | undefined>`;
    invocation = `this.#api.fetchOptional({ ${call} }, ${responseSchema})`;
    notes.push('Resolves to `undefined` when there is no such item (404).');
  } else if (op.isList) {
    returnType = `Promise<Page<${names.response}[number]>>`;
    invocation = `this.#api.fetchPage({ ${call} }, ${responseSchema})`;
    notes.push('Resolves to one page: pass its `cursor` back as the `cursor` query parameter for the next.');
  } else {
    returnType = `Promise<${names.response}>`;
    invocation = `this.#api.fetchJson({ ${call} }, ${responseSchema})`;
  }
  notes.push(`\`${op.ref.key}\`; any other non-2xx status throws an \`ApiError\`.`);
  return [
    `${jsdoc(...docLines(operation), ...notes)}${op.id}(${parameters.join(', ')}): ${returnType} {`,
    `return ${invocation};`,
    '}',
  ].join('\n');
}

export function generateClient(ctx: ServiceContext): string {
  const className = ctx.declare('client', clientClassName(ctx.service), 'the client class');
  const variable = apiUrlVariable(ctx.service);
  for (const name of ['ApiError', 'InvalidResponseError'])
    ctx.declare('client', name, 'a re-export of the run-time client');
  ctx.declare('client', 'ApiClientOptions', 'a re-export of the run-time client', 'type');
  const methods = ctx.operations.map((op) => methodSource(ctx, op));
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
  const imports = [
    "import { ApiClient, type ApiClientOptions } from '../../runtime/http-client';",
    ...(ctx.operations.some((op) => op.isList)
      ? ["import type { Page } from '../../runtime/pagination';"]
      : []),
    ctx.importFrom('models', body),
    ctx.importFrom('operations', body),
  ].filter(Boolean);
  const reexport =
    "export { type ApiClientOptions, ApiError, InvalidResponseError } from '../../runtime/http-client';";
  return `${header(ctx.file)}\n\n${imports.join('\n')}\n\n${reexport}\n\n${body}\n`;
}

export function generateIndex(ctx: ServiceContext): string {
  const modules = ['client', 'events', 'models', 'operations', 'repository'];
  return `${header(ctx.file)}\n\n${modules.map((m) => `export * from './${m}';`).join('\n')}\n`;
}

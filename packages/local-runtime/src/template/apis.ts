/**
 * The app's HTTP APIs (AWS::ApiGatewayV2::Api) with their routes (AWS::ApiGatewayV2::Route), each
 * resolved through its integration (AWS::ApiGatewayV2::Integration) to the Lambda that serves it.
 */
import type { LocalFunction, LocalHttpApi, LocalRoute } from '../model';
import { type ReaderContext, type ResourceEntry, resourcesOfType } from './reader';
import { TemplateError } from './scope';

export function readHttpApis(
  context: ReaderContext,
  functions: ReadonlyMap<string, LocalFunction>,
): LocalHttpApi[] {
  const { scope } = context;
  const routesByApi = new Map<string, LocalRoute[]>();
  for (const entry of resourcesOfType(context.assembly, 'AWS::ApiGatewayV2::Route')) {
    const api = scope.reference(entry.stack, entry.resource.Properties.ApiId, {
      logicalId: entry.logicalId,
      property: 'ApiId',
    });
    const route = readRoute(context, entry, functions);
    if (route === undefined) continue;
    routesByApi.set(api.id, [...(routesByApi.get(api.id) ?? []), route]);
  }
  const prefix = stackPrefix(context.assembly.stacks.map((stack) => stack.stackName));
  const apis: LocalHttpApi[] = [];
  for (const { stack, logicalId, resource, id } of resourcesOfType(
    context.assembly,
    'AWS::ApiGatewayV2::Api',
  )) {
    const properties = resource.Properties;
    const protocol =
      properties.ProtocolType === undefined
        ? 'HTTP'
        : scope.string(stack, properties.ProtocolType, { logicalId, property: 'ProtocolType' });
    if (protocol !== 'HTTP') {
      context.warn(`${id}: a ${protocol} API is not run locally`);
      continue;
    }
    if (properties.Body !== undefined || properties.BodyS3Location !== undefined) {
      context.warn(`${id}: routes from an OpenAPI body are not run locally`);
    }
    const routes = routesByApi.get(id) ?? [];
    apis.push({
      id,
      stack: stack.stackName,
      service: serviceOf(stack.stackName, prefix, routes, functions),
      routes,
    });
  }
  return apis;
}

function readRoute(
  context: ReaderContext,
  { stack, logicalId, resource, id }: ResourceEntry,
  functions: ReadonlyMap<string, LocalFunction>,
): LocalRoute | undefined {
  const { scope } = context;
  const properties = resource.Properties;
  const at = (property: string) => ({ logicalId, property });
  const routeKey = scope.string(stack, properties.RouteKey, at('RouteKey'));
  const space = routeKey.indexOf(' ');
  const [method, path] =
    routeKey === '$default' ? ['ANY', '$default'] : [routeKey.slice(0, space), routeKey.slice(space + 1)];
  if (routeKey !== '$default' && (space <= 0 || !path.startsWith('/'))) {
    throw new TemplateError(
      stack.stackName,
      logicalId,
      'RouteKey',
      `expected "METHOD /path" or $default, got ${routeKey}`,
    );
  }
  if (properties.Target === undefined) {
    context.warn(`${id}: route ${routeKey} has no integration`);
    return undefined;
  }
  const target = scope.string(stack, properties.Target, at('Target'));
  const integrationId = /^integrations\/(.+)$/.exec(target)?.[1];
  const integration = integrationId === undefined ? undefined : stack.resources.get(integrationId);
  if (integration?.Type !== 'AWS::ApiGatewayV2::Integration' || integrationId === undefined) {
    throw new TemplateError(
      stack.stackName,
      logicalId,
      'Target',
      `${target} is not an integration of the stack`,
    );
  }
  const integrationAt = (property: string) => ({ logicalId: integrationId, property });
  const fn = scope.reference(stack, integration.Properties.IntegrationUri, integrationAt('IntegrationUri'));
  if (fn.resource.Type !== 'AWS::Lambda::Function' || !functions.has(fn.id)) {
    context.warn(`${id}: route ${routeKey} integrates ${fn.id} (${fn.resource.Type}), not run locally`);
    return undefined;
  }
  const payload = integration.Properties.PayloadFormatVersion;
  if (
    payload !== undefined &&
    scope.string(stack, payload, integrationAt('PayloadFormatVersion')) !== '2.0'
  ) {
    context.warn(`${id}: route ${routeKey} gets payload format 2.0 locally`);
  }
  const authorization =
    properties.AuthorizationType === undefined
      ? 'NONE'
      : scope.string(stack, properties.AuthorizationType, at('AuthorizationType'));
  if (authorization !== 'NONE' && authorization !== 'AWS_IAM') {
    context.warn(`${id}: route ${routeKey} authorizer ${authorization} is not checked locally`);
  }
  return {
    method: method.toUpperCase(),
    path,
    functionId: fn.id,
    auth: authorization === 'AWS_IAM' ? 'AWS_IAM' : 'NONE',
  };
}

/** The dash-separated prefix every stack name shares (`tributary-dev-`), when there are several. */
function stackPrefix(stackNames: readonly string[]): string {
  if (stackNames.length < 2) return '';
  const split = stackNames.map((name) => name.split('-'));
  const first = split[0] ?? [];
  let shared = 0;
  while (
    shared < first.length - 1 &&
    split.every((words) => words.length > shared + 1 && words[shared] === first[shared])
  ) {
    shared += 1;
  }
  return shared === 0 ? '' : `${first.slice(0, shared).join('-')}-`;
}

/**
 * The service an API belongs to: the `SERVICE_NAME` its handlers share (Tributary's convention),
 * else its stack's name without the prefix all stacks share.
 */
function serviceOf(
  stackName: string,
  prefix: string,
  routes: readonly LocalRoute[],
  functions: ReadonlyMap<string, LocalFunction>,
): string {
  const names = new Set(routes.map((route) => functions.get(route.functionId)?.environment.SERVICE_NAME));
  const [only] = names;
  if (names.size === 1 && only !== undefined && only !== '') return only;
  return stackName.startsWith(prefix) ? stackName.slice(prefix.length) : stackName;
}

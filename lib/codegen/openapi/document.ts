/**
 * The OpenAPI 3.1 document of a validated spec: info, servers, tags, security, paths, components
 * and the `x-tributary-*` extensions, in that key order. Each part is its own transform.
 */
import { publishedEvents } from '../../contract/model';
import { detailType } from '../../contract/names';
import type { Spec } from '../../contract/schema';
import { GenerateError } from '../source';
import {
  referencedResponses,
  responseComponents,
  responseRef,
  UNMATCHED_ROUTE_RESPONSES,
} from './components/responses';
import { componentSchemas, GATEWAY_ERROR } from './components/schemas';
import { SECURITY_SCHEME, securitySchemes } from './components/security';
import { pathsObject } from './paths';
import { compact, compareText, type OpenApiObject, sortedEntries } from './shared';

export const OPENAPI_VERSION = '3.1.0';
export const JSON_SCHEMA_DIALECT = 'https://spec.openapis.org/oas/3.1/dialect/base';
/** Specs carry no version; OpenAPI requires one. */
export const DOCUMENT_VERSION = '1.0.0';
/** The extension that says what routes no operation matches answer. */
export const UNMATCHED_ROUTES_EXTENSION = 'x-tributary-unmatched-routes';

function specFileOf(spec: Spec): string {
  return `api-specs/${spec.name}.json`;
}

/**
 * `info`: the spec's name and description (a sentence naming the service when it has none), the
 * document version, and as contact whoever owns the spec file: a spec names no team.
 */
export function infoObject(spec: Spec): OpenApiObject {
  return {
    title: spec.name,
    description: spec.description ?? `The ${spec.name} service.`,
    contact: { name: `The owners of ${specFileOf(spec)}` },
    version: DOCUMENT_VERSION,
  };
}

/**
 * `servers`: the deployed HTTP API (its `$default` stage, so no base path; the id and region are
 * known after deployment: the stack output `ApiUrl` is the whole URL), and `dev up` on this machine.
 */
export function serversObject(): OpenApiObject[] {
  return [
    {
      url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
      description: "The deployed service: its stack's ApiUrl output.",
      variables: {
        apiId: { default: 'abcdef0123', description: "The HTTP API's id, in the stack's ApiUrl output." },
        region: { default: 'us-east-1', description: 'The AWS Region the stack is deployed to.' },
      },
    },
    {
      url: 'http://127.0.0.1:{port}',
      description: 'dev up on this machine: the URL it prints for the service.',
      variables: { port: { default: '4000', description: 'The port dev up prints for the service.' } },
    },
  ];
}

/** One tag per resource, sorted by name. */
export function tagsObject(spec: Spec): OpenApiObject[] {
  return sortedEntries(spec.resources).map(([name, resource]) =>
    compact({ name, description: resource.description }),
  );
}

/** The detail types the service publishes, `<resource>.<event>`, sorted. */
export function publishedDetailTypes(spec: Spec): string[] {
  return sortedEntries(spec.resources)
    .flatMap(([name, resource]) => publishedEvents(resource).map((event) => detailType(name, event)))
    .sort(compareText);
}

/**
 * What a request no operation matches answers: OpenAPI describes operations only, so this is an
 * extension. The service's catch-all (`$default`) route answers it; API Gateway's own answers
 * (403 on an IAM route, 413, 429, 500, 503) are as for any operation.
 */
export function unmatchedRoutesObject(): OpenApiObject {
  return {
    description:
      "What a request answers when no operation matches its path and method: the service's catch-all route answers 404 (no such path) or 405 (the path, with other methods).",
    responses: Object.fromEntries(
      Object.entries(UNMATCHED_ROUTE_RESPONSES).map(([status, { name }]) => [status, responseRef(name)]),
    ),
  };
}

/** The OpenAPI 3.1 document of a validated spec. See ./index.ts for every decision. */
export function openApiDocument(spec: Spec): Record<string, unknown> {
  for (const section of ['models', 'enums'] as const) {
    if (Object.hasOwn(spec[section] ?? {}, GATEWAY_ERROR)) {
      throw new GenerateError(specFileOf(spec), [
        `${section}.${GATEWAY_ERROR}: the OpenAPI document names API Gateway's error body ${GATEWAY_ERROR}; rename the ${section === 'models' ? 'model' : 'enum'}`,
      ]);
    }
  }
  const paths = pathsObject(spec);
  const unmatched = unmatchedRoutesObject();
  return {
    openapi: OPENAPI_VERSION,
    info: infoObject(spec),
    jsonSchemaDialect: JSON_SCHEMA_DIALECT,
    servers: serversObject(),
    tags: tagsObject(spec),
    security: [{ [SECURITY_SCHEME]: [] }],
    paths,
    components: compact({
      schemas: componentSchemas(spec),
      responses: responseComponents(referencedResponses([paths, unmatched])),
      securitySchemes: securitySchemes(),
    }),
    'x-tributary-events': publishedDetailTypes(spec),
    [UNMATCHED_ROUTES_EXTENSION]: unmatched,
  };
}

/**
 * `components.responses`: one reusable response per standard answer an operation can give (what the
 * runtime or API Gateway answers, ../answers.ts), so each operation refers to it with a `$ref`
 * instead of repeating it, and the answers of unmatched routes (404, 405). Pure: the document
 * writes the components its paths (and extensions) refer to, and no other: an unused component is
 * noise (and a Spectral warning).
 */
import { STANDARD_ANSWERS, type StandardAnswer } from '../answers';
import { reasonPhrase } from '../reason-phrases';
import { compact, compareText, jsonContent, type OpenApiObject, type Reference } from '../shared';
import { GENERIC_ERROR, schemaRef } from './schemas';

/**
 * The component name of each combination of answers a status can have, keyed by the answers' keys
 * (their variant, else their source) joined with `+` in table order. The two 400s have a name for
 * each combination, so a component says only what its operations can answer: a create without
 * condition headers never reads of If-Match, a GET without a body never of JSON.
 */
const NAMES: Readonly<Record<string, Partial<Record<string, string>>>> = {
  '304': { runtime: 'not_modified' },
  '400': {
    malformed_json: 'malformed_json',
    malformed_request: 'malformed_request',
    'malformed_json+malformed_request': 'bad_request',
  },
  '403': { gateway: 'forbidden' },
  '409': { runtime: 'idempotency_key_in_use' },
  '412': { runtime: 'precondition_failed' },
  '413': { 'runtime+gateway': 'payload_too_large', gateway: 'gateway_payload_too_large' },
  '415': { runtime: 'unsupported_media_type' },
  '422': { runtime: 'validation_failed' },
  '429': { gateway: 'too_many_requests' },
  '500': {
    'runtime+gateway': 'internal_error',
    runtime: 'service_internal_error',
    gateway: 'gateway_internal_error',
  },
  '503': { gateway: 'service_unavailable' },
};

function answerKey(answer: StandardAnswer): string {
  return answer.variant ?? answer.source;
}

function answersKey(answers: readonly StandardAnswer[]): string {
  return [...new Set(answers.map(answerKey))].join('+');
}

/** `#/components/responses/<name>` */
export function responseRef(name: string): Reference {
  return { $ref: `#/components/responses/${name}` };
}

/** The component name of the answers of one status. Throws for a combination with no name (a bug in the tables). */
export function answerComponentName(status: string, answers: readonly StandardAnswer[]): string {
  const name = NAMES[status]?.[answersKey(answers)];
  if (name === undefined) throw new Error(`no component response for ${status} from ${answersKey(answers)}`);
  return name;
}

/**
 * One schema, or `oneOf` several (a status both the service and API Gateway answer has both
 * bodies; their required fields tell them apart).
 */
export function oneSchemaOf(names: readonly string[]): Record<string, unknown> {
  const unique = [...new Set(names)];
  if (unique.length === 1) return schemaRef(unique[0] ?? GENERIC_ERROR);
  return { oneOf: unique.map(schemaRef) };
}

/** The headers the answers always carry, or undefined when they carry none. */
export function answerHeaders(answers: readonly StandardAnswer[]): Record<string, OpenApiObject> | undefined {
  const headers = Object.assign({}, ...answers.map((answer) => answer.headers ?? {}));
  return Object.keys(headers).length > 0 ? headers : undefined;
}

/**
 * The response object of the answers of one status: the reason phrase, then what each answer means;
 * their headers; a body only when an answer has one (a 304 has none).
 */
export function answerResponse(status: string, answers: readonly StandardAnswer[]): OpenApiObject {
  const schemas = answers.flatMap((answer) => (answer.schema === undefined ? [] : [answer.schema]));
  return compact({
    description: [`${reasonPhrase(status)}.`, ...answers.map((answer) => answer.description)].join(' '),
    headers: answerHeaders(answers),
    content: schemas.length > 0 ? jsonContent(oneSchemaOf(schemas)) : undefined,
  });
}

/** The answers of routes no operation matches, served by the service's catch-all (`$default`) route. */
export const UNMATCHED_ROUTE_RESPONSES: Readonly<Record<string, { name: string; response: OpenApiObject }>> =
  {
    '404': {
      name: 'route_not_found',
      response: {
        description:
          'Not Found. The service: no operation has this path (code not_found, message "no such route").',
        content: jsonContent(schemaRef(GENERIC_ERROR)),
      },
    },
    '405': {
      name: 'method_not_allowed',
      response: {
        description:
          'Method Not Allowed. The service: an operation has this path, but not with this method (code method_not_allowed).',
        headers: {
          allow: {
            description: 'The methods the path has, comma-separated (RFC 9110).',
            required: true,
            schema: { type: 'string' },
          },
        },
        content: jsonContent(schemaRef(GENERIC_ERROR)),
      },
    },
  };

const RESPONSES_PREFIX = '#/components/responses/';

/** The component response of a name: a standard answer's (from the table) or an unmatched route's. */
export function componentResponse(
  name: string,
  answers: readonly StandardAnswer[] = STANDARD_ANSWERS,
): OpenApiObject {
  for (const { name: unmatched, response } of Object.values(UNMATCHED_ROUTE_RESPONSES))
    if (unmatched === name) return response;
  for (const [status, byKey] of Object.entries(NAMES)) {
    for (const [key, named] of Object.entries(byKey)) {
      if (named !== name) continue;
      const wanted = new Set(key.split('+'));
      const of = answers.filter((answer) => answer.status === status && wanted.has(answerKey(answer)));
      if (of.length > 0) return answerResponse(status, of);
    }
  }
  throw new Error(`no component response named ${name}`);
}

/** The names of the component responses a part of the document refers to. */
export function referencedResponses(node: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) for (const item of node) referencedResponses(item, into);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(RESPONSES_PREFIX))
        into.add(value.slice(RESPONSES_PREFIX.length));
      else referencedResponses(value, into);
    }
  }
  return into;
}

/** `components.responses`: the named ones, sorted by name; undefined when there are none. */
export function responseComponents(names: Iterable<string>): Record<string, OpenApiObject> | undefined {
  const sorted = [...new Set(names)].sort(compareText);
  if (sorted.length === 0) return undefined;
  return Object.fromEntries(sorted.map((name) => [name, componentResponse(name)]));
}

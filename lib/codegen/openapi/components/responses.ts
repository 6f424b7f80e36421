/**
 * `components.responses`: one reusable response per standard answer an operation can give (what the
 * runtime or API Gateway answers, ../answers.ts), so each operation refers to it with a `$ref`
 * instead of repeating it, and the answers of unmatched routes (404, 405). Pure: the document
 * writes the components its paths (and extensions) refer to, and no other: an unused component is
 * noise (and a Spectral warning).
 */
import { type AnswerSource, STANDARD_ANSWERS, type StandardAnswer } from '../answers';
import { reasonPhrase } from '../reason-phrases';
import { compareText, jsonContent, type OpenApiObject, type Reference } from '../shared';
import { GENERIC_ERROR, schemaRef } from './schemas';

/** The component name of each combination of sources a status can have. */
const NAMES: Readonly<Record<string, Partial<Record<string, string>>>> = {
  '400': { runtime: 'malformed_json' },
  '403': { gateway: 'forbidden' },
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

function sourcesKey(sources: readonly AnswerSource[]): string {
  return [...new Set(sources)].join('+');
}

/** `#/components/responses/<name>` */
export function responseRef(name: string): Reference {
  return { $ref: `#/components/responses/${name}` };
}

/** The component name of the answers of one status. Throws for a combination with no name (a bug in the tables). */
export function answerComponentName(status: string, answers: readonly StandardAnswer[]): string {
  const name = NAMES[status]?.[sourcesKey(answers.map((answer) => answer.source))];
  if (name === undefined) {
    throw new Error(`no component response for ${status} from ${sourcesKey(answers.map((a) => a.source))}`);
  }
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

/** The response object of the answers of one status: the reason phrase, then what each answer means. */
export function answerResponse(status: string, answers: readonly StandardAnswer[]): OpenApiObject {
  return {
    description: [`${reasonPhrase(status)}.`, ...answers.map((answer) => answer.description)].join(' '),
    content: jsonContent(oneSchemaOf(answers.map((answer) => answer.schema))),
  };
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
  for (const [status, bySources] of Object.entries(NAMES)) {
    for (const [sources, named] of Object.entries(bySources)) {
      if (named !== name) continue;
      const wanted = new Set(sources.split('+'));
      const of = answers.filter((answer) => answer.status === status && wanted.has(answer.source));
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

/**
 * Checks an HTTP response against the OpenAPI document of the service that gave it, so a test that
 * calls a running service finds every answer the document does not promise:
 *
 * - the operation: the request's method and path match one of the document's paths (a literal
 *   segment beats a `{variable}`, as API Gateway routes); a request no operation matches is checked
 *   against the document's `x-tributary-unmatched-routes` (404 for an unknown path, 405 for a known
 *   path with another method);
 * - the status is declared (exactly, else `4XX`-style, else `default`);
 * - the body: none when the response declares no content; otherwise the `content-type` is one the
 *   response declares, and a JSON body parses and is valid against its schema (JSON Schema 2020-12
 *   with ajv; `$ref`s resolve inside the document; formats as the generated code checks them);
 * - the headers the response declares: present when required, valid against their schema.
 *
 * Every problem names the service and the operation (`users createUser (POST /users) answered 418:
 * ...`). Not a general OpenAPI tool: it knows what this project's documents use (JSON bodies,
 * local `$ref`s, string headers).
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { STRING_FORMATS } from '../../lib/contract/schema';
import { matchesFormat } from '../../lib/contract/string-format';

/** An OpenAPI document as JSON: only what the validator reads is typed. */
export interface OpenApiDocumentJson {
  readonly info: { readonly title: string };
  readonly paths?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: Readonly<Record<string, unknown>>;
  readonly [extension: `x-${string}`]: unknown;
}

/** A response as received: status, headers (any case), the body as text (`''` for none). */
export interface ObservedResponse {
  readonly status: number;
  readonly headers: Headers | Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** Which part of the document a request is checked against. */
export interface RouteMatch {
  /** `createUser`, or `unmatched route` for a request no operation matches. */
  readonly operationId: string;
  /** `POST /users`, with the document's path template. */
  readonly route: string;
  /** The JSON pointer of the object whose `responses` apply. */
  readonly pointer: string;
  /** Set when no operation matches: no operation has the path, or none has it with this method. */
  readonly unmatched?: 'path' | 'method';
}

const UNMATCHED_ROUTES = 'x-tributary-unmatched-routes';

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `x-` keys used anywhere in the document: ajv's strict mode must know them as keywords. */
function extensionKeys(node: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) for (const item of node) extensionKeys(item, into);
  else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) into.add(key);
      extensionKeys(value, into);
    }
  }
  return into;
}

/** The media type of a `content-type`, lower case, without parameters. */
function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  return contentType.split(';')[0]?.trim().toLowerCase() || undefined;
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || /^application\/[^/]+\+json$/.test(mediaType);
}

function headerOf(headers: ObservedResponse['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Segment by segment: a literal must be equal, a `{variable}` takes any non-empty segment. */
function templateScore(template: string, path: string): number[] | undefined {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const score: number[] = [];
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] ?? '';
    const value = got[i] ?? '';
    if (/^\{[^}]+\}$/.test(segment)) {
      if (value === '') return undefined;
      score.push(0);
    } else if (segment === value) score.push(1);
    else return undefined;
  }
  return score;
}

/** Literal segments first, leftmost first: `/users/me` beats `/users/{id}`. */
function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (b[i] ?? 0) - (a[i] ?? 0);
  return 0;
}

export class OpenApiResponseValidator {
  readonly name: string;
  readonly #document: OpenApiDocumentJson;
  readonly #ajv: Ajv2020;
  readonly #id: string;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocumentJson, name: string = document.info.title) {
    this.#document = document;
    this.name = name;
    this.#id = `https://tributary.dev/openapi/${encodeURIComponent(name)}/document.json`;
    this.#ajv = new Ajv2020({ strict: true, allErrors: true });
    this.#ajv.addVocabulary(['paths', 'components', UNMATCHED_ROUTES]);
    for (const keyword of extensionKeys(document)) {
      if (keyword !== UNMATCHED_ROUTES) this.#ajv.addKeyword({ keyword });
    }
    this.#ajv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
    });
    this.#ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
    this.#ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
    // The decimal's pattern is in its schema; the format names it only.
    this.#ajv.addFormat('decimal', { type: 'string', validate: () => true });
    for (const format of STRING_FORMATS) {
      this.#ajv.addFormat(format, {
        type: 'string',
        validate: (value: string) => matchesFormat(format, value),
      });
    }
    this.#ajv.addSchema({
      $id: this.#id,
      paths: document.paths ?? {},
      components: document.components ?? {},
      [UNMATCHED_ROUTES]: document[UNMATCHED_ROUTES] ?? {},
    });
  }

  /** Whether any operation of the document has this path (whatever its method). */
  hasPath(path: string): boolean {
    return this.#bestPath(path) !== undefined;
  }

  /** The operation the request is checked against, or the unmatched routes' answers, or undefined. */
  route(method: string, rawPath: string): RouteMatch | undefined {
    const path = rawPath.split('?')[0] ?? rawPath;
    const lower = method.toLowerCase();
    const template = this.#bestPath(path);
    const item = template === undefined ? undefined : this.#document.paths?.[template];
    const operation = item?.[lower];
    if (template !== undefined && isRecord(operation)) {
      return {
        operationId:
          typeof operation.operationId === 'string' ? operation.operationId : `${lower} ${template}`,
        route: `${method.toUpperCase()} ${template}`,
        pointer: `/paths/${escapePointer(template)}/${lower}`,
      };
    }
    if (!isRecord(this.#document[UNMATCHED_ROUTES])) return undefined;
    return {
      operationId: 'unmatched route',
      route: `${method.toUpperCase()} ${path}`,
      pointer: `/${UNMATCHED_ROUTES}`,
      unmatched: template === undefined ? 'path' : 'method',
    };
  }

  /** Every way the response breaks the document; empty when it keeps it. */
  problems(method: string, path: string, response: ObservedResponse): string[] {
    const match = this.route(method, path);
    if (match === undefined) {
      return [
        `${this.name}: no operation matches ${method.toUpperCase()} ${path}, and the document says nothing of unmatched routes`,
      ];
    }
    const prefix = `${this.name} ${match.operationId} (${match.route}) answered ${response.status}`;
    return this.#check(match, response).map((problem) => `${prefix}: ${problem}`);
  }

  /** Throws one error listing every problem, naming the service and the operation. */
  assertValid(method: string, path: string, response: ObservedResponse): void {
    const problems = this.problems(method, path, response);
    if (problems.length > 0) throw new Error(`response breaks the OpenAPI document:\n${problems.join('\n')}`);
  }

  #check(match: RouteMatch, response: ObservedResponse): string[] {
    // An unmatched route: an unknown path is a 404, a known path with another method a 405.
    const allowed = match.unmatched === undefined ? undefined : [match.unmatched === 'path' ? '404' : '405'];
    const responses = this.#at(`${match.pointer}/responses`);
    if (!isRecord(responses)) return ['the document declares no responses here'];
    const declared = Object.keys(responses).filter(
      (status) => allowed === undefined || allowed.includes(status),
    );
    const status = String(response.status);
    const key = [status, `${status[0]}XX`, 'default'].find((candidate) => declared.includes(candidate));
    if (key === undefined)
      return [`status ${status} is not declared (declared: ${declared.join(', ') || 'none'})`];
    let pointer = `${match.pointer}/responses/${escapePointer(key)}`;
    const resolved = this.#resolve(pointer);
    pointer = resolved.pointer;
    const object = resolved.value;
    if (!isRecord(object)) return [`the response ${key} is not an object`];
    return [...this.#checkHeaders(pointer, object, response), ...this.#checkBody(pointer, object, response)];
  }

  #checkHeaders(pointer: string, object: Record<string, unknown>, response: ObservedResponse): string[] {
    const problems: string[] = [];
    if (!isRecord(object.headers)) return problems;
    for (const name of Object.keys(object.headers)) {
      const header = this.#resolve(`${pointer}/headers/${escapePointer(name)}`);
      if (!isRecord(header.value)) continue;
      const value = headerOf(response.headers, name);
      if (value === undefined) {
        if (header.value.required === true) problems.push(`header ${name} is required but absent`);
        continue;
      }
      if (header.value.schema === undefined) continue;
      const validate = this.#validator(`${header.pointer}/schema`);
      if (!validate(value)) {
        for (const error of validate.errors ?? [])
          problems.push(`header ${name} ${error.message ?? 'is invalid'}`);
      }
    }
    return problems;
  }

  #checkBody(pointer: string, object: Record<string, unknown>, response: ObservedResponse): string[] {
    const content = object.content;
    if (!isRecord(content) || Object.keys(content).length === 0) {
      return response.body === '' ? [] : ['has a body, but the response declares no content'];
    }
    if (response.body === '')
      return [`has no body, but the response declares ${Object.keys(content).join(', ')}`];
    const mediaType = mediaTypeOf(headerOf(response.headers, 'content-type'));
    const declared =
      Object.keys(content).find((type) => type.toLowerCase() === mediaType) ??
      (Object.hasOwn(content, '*/*') ? '*/*' : undefined);
    if (mediaType === undefined || declared === undefined) {
      return [
        `content-type ${mediaType ?? '(none)'} is not declared (declared: ${Object.keys(content).join(', ')})`,
      ];
    }
    if (!isJsonMediaType(mediaType)) return [];
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [`the body is not JSON, as ${mediaType} says`];
    }
    const media = content[declared];
    if (!isRecord(media) || media.schema === undefined) return [];
    const validate = this.#validator(`${pointer}/content/${escapePointer(declared)}/schema`);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `body${error.instancePath.replace(/\//g, '.')} ${error.message ?? 'is invalid'} (schema ${error.schemaPath})`,
    );
  }

  /** The value at a pointer, following `$ref`s (local ones) until it is not one. */
  #resolve(pointer: string): { pointer: string; value: unknown } {
    let current = pointer;
    for (let hops = 0; hops < 10; hops++) {
      const value = this.#at(current);
      if (!isRecord(value) || typeof value.$ref !== 'string') return { pointer: current, value };
      if (!value.$ref.startsWith('#/'))
        throw new Error(`${this.name}: only local $refs are supported, got ${value.$ref}`);
      current = value.$ref.slice(1);
    }
    throw new Error(`${this.name}: $ref loop at ${pointer}`);
  }

  #at(pointer: string): unknown {
    let node: unknown = this.#document;
    for (const token of pointer.split('/').slice(1)) {
      const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isRecord(node) || !Object.hasOwn(node, key)) return undefined;
      node = node[key];
    }
    return node;
  }

  #validator(pointer: string): ValidateFunction {
    const seen = this.#compiled.get(pointer);
    if (seen) return seen;
    const fragment = pointer.split('/').map(encodeURIComponent).join('/');
    const validate = this.#ajv.getSchema(`${this.#id}#${fragment}`);
    if (!validate) throw new Error(`${this.name}: no schema at ${pointer}`);
    this.#compiled.set(pointer, validate);
    return validate;
  }

  #bestPath(path: string): string | undefined {
    let best: { template: string; score: number[] } | undefined;
    for (const template of Object.keys(this.#document.paths ?? {})) {
      const score = templateScore(template, path);
      if (score === undefined) continue;
      if (best === undefined || compareScores(score, best.score) < 0) best = { template, score };
    }
    return best?.template;
  }
}

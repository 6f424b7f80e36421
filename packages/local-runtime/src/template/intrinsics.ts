/**
 * CloudFormation's intrinsic functions, evaluated for local use: a pure evaluator over one
 * template node. What `Ref` and `Fn::GetAtt` of a parameter or resource mean locally is the
 * {@link IntrinsicScope}'s business (template-scope.ts); this file only knows the functions.
 *
 * Strings are evaluated to {@link Text}: literal parts plus tokens that stand for a local HTTP API,
 * because an API's URL (`https://<api id>.execute-api.<region>.<suffix>/`) can only be recognised and
 * mapped to its local URL once the whole string is known ({@link renderText}).
 */

/** Stands for an HTTP API (its `Ref`, its id) until the whole string is known. */
export interface ApiToken {
  readonly kind: 'api';
  /** The API's local id (`<stack>/<logical id>`). */
  readonly apiId: string;
}

export type TextPart = string | ApiToken;

/** A string value: literal parts and API tokens, adjacent literals merged, no empty literal. */
export class Text {
  private constructor(readonly parts: readonly TextPart[]) {}

  static of(literal: string): Text {
    return new Text(literal === '' ? [] : [literal]);
  }

  static api(apiId: string): Text {
    return new Text([{ kind: 'api', apiId }]);
  }

  static concat(texts: readonly Text[]): Text {
    const parts: TextPart[] = [];
    for (const text of texts) {
      for (const part of text.parts) {
        const last = parts[parts.length - 1];
        if (typeof part === 'string' && typeof last === 'string') parts[parts.length - 1] = last + part;
        else parts.push(part);
      }
    }
    return new Text(parts);
  }

  /** The string, when no part is a token. */
  get literal(): string | undefined {
    if (this.parts.length === 0) return '';
    const [only] = this.parts;
    return this.parts.length === 1 && typeof only === 'string' ? only : undefined;
  }

  /** `Fn::Split`: splits the literal parts; tokens stay whole. */
  split(delimiter: string): Text[] {
    const pieces: Text[] = [];
    let current: Text[] = [];
    for (const part of this.parts) {
      if (typeof part !== 'string') {
        current.push(new Text([part]));
        continue;
      }
      const chunks = part.split(delimiter);
      chunks.forEach((chunk, index) => {
        if (index > 0) {
          pieces.push(Text.concat(current));
          current = [];
        }
        current.push(Text.of(chunk));
      });
    }
    pieces.push(Text.concat(current));
    return pieces;
  }
}

/** What a template node evaluates to. */
export type Value = Text | number | boolean | null | readonly Value[] | ValueObject;
export interface ValueObject {
  readonly [key: string]: Value;
}

/** Values the stack's pseudo parameters take locally. */
export interface PseudoParameters {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  /** Default `aws`. */
  readonly partition?: string;
  /** Default `amazonaws.com`. */
  readonly urlSuffix?: string;
}

/** What parameters, resources, exports and mappings mean locally, for one stack. */
export interface IntrinsicScope {
  readonly pseudo: PseudoParameters;
  /** `Ref` of a parameter or resource of the stack (pseudo parameters are handled here). */
  ref(name: string): Value;
  getAtt(logicalId: string, attribute: string): Value;
  importValue(exportName: string): Value;
  /** `Fn::FindInMap`: undefined when the map or keys do not exist. */
  findInMap?(mapName: string, topKey: string, secondKey: string): unknown;
}

/** A node that cannot be evaluated locally; `path` is where in the node (`Fn::Join[1][2]`). */
export class UnresolvableError extends Error {
  constructor(
    readonly reason: string,
    readonly path: readonly (string | number)[] = [],
  ) {
    super(path.length === 0 ? reason : `${formatPath(path)}: ${reason}`);
    this.name = 'UnresolvableError';
  }
}

export function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`))
    .join('');
}

/** Removes the enclosing property or list element (`Ref: AWS::NoValue`). */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
type Evaluated = Value | typeof NO_VALUE;

const PSEUDO = new Set([
  'AWS::Region',
  'AWS::AccountId',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::NoValue',
  'AWS::NotificationARNs',
]);

/** Evaluates a template node: every intrinsic function in it, at any depth. */
export function evaluate(node: unknown, scope: IntrinsicScope): Value {
  const value = evaluateAt(node, scope, []);
  return value === NO_VALUE ? null : value;
}

/** The string a node evaluates to (numbers and booleans as CloudFormation writes them). */
export function evaluateText(node: unknown, scope: IntrinsicScope): Text {
  return toText(evaluate(node, scope), []);
}

function evaluateAt(node: unknown, scope: IntrinsicScope, path: (string | number)[]): Evaluated {
  if (node === undefined) throw new UnresolvableError('missing', path);
  if (node === null) return null;
  if (typeof node === 'string') return Text.of(node);
  if (typeof node === 'number' || typeof node === 'boolean') return node;
  if (Array.isArray(node)) {
    const items: Value[] = [];
    node.forEach((item: unknown, index) => {
      const value = evaluateAt(item, scope, [...path, index]);
      if (value !== NO_VALUE) items.push(value);
    });
    return items;
  }
  if (typeof node !== 'object') throw new UnresolvableError(`unexpected ${typeof node}`, path);
  const entries = Object.entries(node);
  const [first] = entries;
  if (entries.length === 1 && first !== undefined && isIntrinsic(first[0])) {
    const [name, argument] = first;
    try {
      return intrinsic(name, argument, scope, [...path, name]);
    } catch (error) {
      if (error instanceof UnresolvableError && error.path.length > 0) throw error;
      const reason =
        error instanceof UnresolvableError ? error.reason : String((error as Error).message ?? error);
      throw new UnresolvableError(reason, [...path, name]);
    }
  }
  const result: Record<string, Value> = {};
  for (const [key, item] of entries) {
    const value = evaluateAt(item, scope, [...path, key]);
    if (value !== NO_VALUE) result[key] = value;
  }
  return result;
}

function isIntrinsic(key: string): boolean {
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

function intrinsic(
  name: string,
  argument: unknown,
  scope: IntrinsicScope,
  path: (string | number)[],
): Evaluated {
  switch (name) {
    case 'Ref': {
      const target = literalString(evaluateAt(argument, scope, path), path, 'Ref takes a name');
      return ref(target, scope, path);
    }
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = getAttArguments(argument, scope, path);
      return scope.getAtt(logicalId, attribute);
    }
    case 'Fn::Join': {
      const [delimiter, list] = pair(argument, path, 'Fn::Join takes [delimiter, [values]]');
      const separator = literalString(
        evaluateAt(delimiter, scope, [...path, 0]),
        [...path, 0],
        'a delimiter',
      );
      const items = asList(evaluateAt(list, scope, [...path, 1]), [...path, 1]);
      const texts: Text[] = [];
      items.forEach((item, index) => {
        if (index > 0) texts.push(Text.of(separator));
        texts.push(toText(item, [...path, 1, index]));
      });
      return Text.concat(texts);
    }
    case 'Fn::Sub':
      return sub(argument, scope, path);
    case 'Fn::Select': {
      const [index, list] = pair(argument, path, 'Fn::Select takes [index, [values]]');
      const position = Number(toText(evaluateAt(index, scope, [...path, 0]), [...path, 0]).literal);
      const items = asList(evaluateAt(list, scope, [...path, 1]), [...path, 1]);
      const item = Number.isInteger(position) ? items[position] : undefined;
      if (item === undefined) {
        throw new UnresolvableError(`index ${position} is out of range (${items.length} values)`, path);
      }
      return item;
    }
    case 'Fn::Split': {
      const [delimiter, source] = pair(argument, path, 'Fn::Split takes [delimiter, string]');
      const separator = literalString(
        evaluateAt(delimiter, scope, [...path, 0]),
        [...path, 0],
        'a delimiter',
      );
      return toText(evaluateAt(source, scope, [...path, 1]), [...path, 1]).split(separator);
    }
    case 'Fn::ImportValue': {
      const exportName = literalString(evaluateAt(argument, scope, path), path, 'an export name');
      return scope.importValue(exportName);
    }
    case 'Fn::FindInMap': {
      if (!Array.isArray(argument) || argument.length < 3) {
        throw new UnresolvableError('Fn::FindInMap takes [map, top key, second key]', path);
      }
      const [map, top, second] = argument
        .slice(0, 3)
        .map((item: unknown, index) =>
          literalString(evaluateAt(item, scope, [...path, index]), [...path, index], 'a key'),
        ) as [string, string, string];
      const found = scope.findInMap?.(map, top, second);
      if (found === undefined) throw new UnresolvableError(`no mapping ${map}.${top}.${second}`, path);
      return evaluateAt(found, scope, path);
    }
    case 'Fn::Base64':
      return Text.of(
        Buffer.from(literalString(evaluateAt(argument, scope, path), path, 'a string')).toString('base64'),
      );
    default:
      throw new UnresolvableError(`${name} is not supported locally`, path);
  }
}

function ref(name: string, scope: IntrinsicScope, path: (string | number)[]): Evaluated {
  if (!PSEUDO.has(name)) return scope.ref(name);
  const { pseudo } = scope;
  switch (name) {
    case 'AWS::Region':
      return Text.of(pseudo.region);
    case 'AWS::AccountId':
      return Text.of(pseudo.accountId);
    case 'AWS::Partition':
      return Text.of(pseudo.partition ?? 'aws');
    case 'AWS::URLSuffix':
      return Text.of(pseudo.urlSuffix ?? 'amazonaws.com');
    case 'AWS::StackName':
      return Text.of(pseudo.stackName);
    case 'AWS::StackId':
      return Text.of(
        `arn:${pseudo.partition ?? 'aws'}:cloudformation:${pseudo.region}:${pseudo.accountId}:stack/${pseudo.stackName}/local`,
      );
    case 'AWS::NotificationARNs':
      return [];
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      throw new UnresolvableError(`unknown pseudo parameter ${name}`, path);
  }
}

function getAttArguments(
  argument: unknown,
  scope: IntrinsicScope,
  path: (string | number)[],
): [string, string] {
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    if (dot > 0) return [argument.slice(0, dot), argument.slice(dot + 1)];
  } else if (Array.isArray(argument) && argument.length === 2 && typeof argument[0] === 'string') {
    const attribute = literalString(
      evaluateAt(argument[1], scope, [...path, 1]),
      [...path, 1],
      'an attribute',
    );
    return [argument[0], attribute];
  }
  throw new UnresolvableError('Fn::GetAtt takes [logical id, attribute] or "id.attribute"', path);
}

/** `Fn::Sub`: `${Name}`, `${Name.Attribute}`, `${!Literal}`; variables first, then Ref / GetAtt. */
function sub(argument: unknown, scope: IntrinsicScope, path: (string | number)[]): Text {
  let template: unknown = argument;
  const variables = new Map<string, Value>();
  if (Array.isArray(argument)) {
    const [source, map] = pair(argument, path, 'Fn::Sub takes a string or [string, {variables}]');
    template = source;
    if (map === null || typeof map !== 'object' || Array.isArray(map)) {
      throw new UnresolvableError('Fn::Sub variables must be an object', [...path, 1]);
    }
    for (const [key, node] of Object.entries(map)) {
      const value = evaluateAt(node, scope, [...path, 1, key]);
      variables.set(key, value === NO_VALUE ? Text.of('') : value);
    }
  }
  if (typeof template !== 'string') throw new UnresolvableError('Fn::Sub takes a string', path);
  const texts: Text[] = [];
  const pattern = /\$\{([^}]*)\}/g;
  let last = 0;
  for (let match = pattern.exec(template); match !== null; match = pattern.exec(template)) {
    texts.push(Text.of(template.slice(last, match.index)));
    last = match.index + match[0].length;
    const name = (match[1] ?? '').trim();
    if (name.startsWith('!')) {
      texts.push(Text.of(`\${${name.slice(1)}}`));
      continue;
    }
    const variable = variables.get(name);
    if (variable !== undefined) {
      texts.push(toText(variable, path));
      continue;
    }
    const dot = name.indexOf('.');
    const value =
      dot > 0 && !PSEUDO.has(name)
        ? scope.getAtt(name.slice(0, dot), name.slice(dot + 1))
        : ref(name, scope, path);
    texts.push(toText(value === NO_VALUE ? Text.of('') : value, path));
  }
  texts.push(Text.of(template.slice(last)));
  return Text.concat(texts);
}

function pair(argument: unknown, path: (string | number)[], usage: string): [unknown, unknown] {
  if (!Array.isArray(argument) || argument.length !== 2) throw new UnresolvableError(usage, path);
  return [argument[0], argument[1]];
}

function asList(value: Evaluated, path: (string | number)[]): readonly Value[] {
  if (Array.isArray(value)) return value as readonly Value[];
  // A comma-delimited list parameter is a string until something splits it.
  if (value instanceof Text) return value.split(',');
  throw new UnresolvableError('expected a list', path);
}

function literalString(value: Evaluated, path: (string | number)[], what: string): string {
  const text = toText(value, path).literal;
  if (text === undefined) throw new UnresolvableError(`${what} must be a plain string here`, path);
  return text;
}

function toText(value: Evaluated, path: readonly (string | number)[]): Text {
  if (value instanceof Text) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return Text.of(String(value));
  if (value === NO_VALUE) throw new UnresolvableError('AWS::NoValue where a string is needed', [...path]);
  throw new UnresolvableError(`expected a string, got ${Array.isArray(value) ? 'a list' : 'an object'}`, [
    ...path,
  ]);
}

/**
 * The final string: an API token written as an execute-api URL (`https://` token
 * `.execute-api.<region>.<suffix>`, then `/` or a path) becomes the API's local URL as the resolver
 * gives it (with the path appended, when there is one); any other token becomes the API's id.
 */
export function renderText(text: Text, apiUrl: (apiId: string) => string): string {
  let out = '';
  const parts = text.parts;
  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index];
    if (part === undefined) continue;
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const next = parts[index + 1];
    const scheme = /https?:\/\/$/.exec(out);
    if (scheme !== null && typeof next === 'string' && next.startsWith('.execute-api.')) {
      const slash = next.indexOf('/');
      const rest = slash === -1 ? '' : next.slice(slash);
      const url = apiUrl(part.apiId);
      out = out.slice(0, scheme.index) + (rest === '' || rest === '/' ? url : url.replace(/\/+$/, '') + rest);
      index += 1;
      continue;
    }
    out += part.apiId;
  }
  return out;
}

/** A value as JSON, every {@link Text} rendered with {@link renderText}. */
export function renderValue(value: Value, apiUrl: (apiId: string) => string): unknown {
  if (value instanceof Text) return renderText(value, apiUrl);
  if (Array.isArray(value)) return value.map((item: Value) => renderValue(item, apiUrl));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as ValueObject).map(([key, item]) => [key, renderValue(item, apiUrl)]),
    );
  }
  return value;
}

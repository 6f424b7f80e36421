import {
  allOperations,
  isListOperation,
  type OperationRef,
  pathParameterNames,
  publishedEvents,
} from '../contract/model';
import { operationIds, pascalCase, schemaName } from '../contract/names';
import type { EventKind, Field, Model, Parameter, Resource, Spec } from '../contract/schema';
import { type IndexLayout, tableLayout } from '../contract/table-layout';
import { namedTypesOf, parseTypeRef } from '../contract/type-ref';
import { GenerateError, Identifiers } from './source';
import type { TypeNames } from './zod-source';

/** The built-in error type every spec may use. */
export const GENERIC_ERROR = 'generic_error';

/** Service names that would put generated code where hand-written run-time code lives. */
const RESERVED_SERVICE_NAMES: ReadonlySet<string> = new Set(['runtime']);

/** Names the generated modules import from zod, the AWS SDK and functions/runtime/. */
const RUNTIME_IMPORTS = [
  'z',
  'OperationDescriptor',
  'ParsedRequest',
  'DynamoDBDocumentClient',
  'Clock',
  'Page',
  'PageRequest',
  'ResourceRepository',
  'ApiClient',
] as const;

/** One operation, with everything the generated modules need about it. */
export interface OperationInfo {
  readonly ref: OperationRef;
  readonly id: string;
  /** `GetUser`: the prefix of the operation's exported types. */
  readonly typePrefix: string;
  /** Path parameters in path order; `parameter` is undefined for one the spec does not declare (a string). */
  readonly pathParameters: ReadonlyArray<{ readonly name: string; readonly parameter?: Parameter }>;
  readonly queryParameters: readonly Parameter[];
  /** A GET of one item (not a list): a 404 means "no such item". */
  readonly isItemGet: boolean;
  /** A GET of the collection: answers one page, the next cursor in `x-next-cursor`. */
  readonly isList: boolean;
  readonly successStatus: number;
}

export interface StoredResource {
  readonly name: string;
  readonly resource: Resource;
  readonly model: Model;
  readonly indexes: readonly IndexLayout[];
  readonly events: readonly EventKind[];
}

/** A validated spec, with the derived facts every generated module shares. */
export class ServiceContext {
  readonly service: string;
  readonly identifiers = new Identifiers();
  readonly operations: readonly OperationInfo[];
  readonly stored: readonly StoredResource[];
  /** Models in dependency order (what a model refers to comes first; a cycle stays together, in spec order). */
  readonly modelOrder: readonly string[];
  /** Models that are part of a reference cycle, each with the models of its cycle. */
  readonly cycles: ReadonlyMap<string, ReadonlySet<string>>;

  constructor(
    readonly spec: Spec,
    /** The spec file as shown in headers and errors, e.g. `api-specs/users.json`. */
    readonly file: string,
  ) {
    this.service = spec.name;
    const problems: string[] = [];
    if (RESERVED_SERVICE_NAMES.has(spec.name)) {
      problems.push(
        `service name "${spec.name}" is reserved: functions/${spec.name}/ holds the shared run-time code`,
      );
    }
    const { order, cycles } = modelOrder(spec);
    this.modelOrder = order;
    this.cycles = cycles;
    this.imports(RUNTIME_IMPORTS);
    this.operations = operationInfos(spec);
    this.stored = storedResources(spec);
    if (problems.length > 0) throw new GenerateError(file, problems);
  }

  readonly #exports = new Map<string, Array<{ readonly name: string; readonly type: boolean }>>();

  /**
   * Declares a top-level name of a generated module (`kind` says whether it is a value or only a
   * type; `local` names are not exported but must not collide with anything imported either).
   */
  declare(module: string, name: string, origin: string, kind: 'value' | 'type' | 'local' = 'value'): string {
    this.identifiers.declare(name, origin);
    if (kind !== 'local') {
      const list = this.#exports.get(module) ?? [];
      list.push({ name, type: kind === 'type' });
      this.#exports.set(module, list);
    }
    return name;
  }

  /** Reserves the names a module imports from outside the generated code. */
  imports(names: readonly string[]): void {
    for (const name of names) this.identifiers.reserve(name, `an import ("${name}")`);
  }

  /**
   * The import statement bringing in what `code` uses of a generated module's exports (types as
   * `type` imports), or an empty string when it uses nothing.
   */
  importFrom(module: string, code: string): string {
    const bare = withoutCommentsAndStrings(code);
    const used = (this.#exports.get(module) ?? []).filter(({ name }) =>
      new RegExp(`\\b${name}\\b`).test(bare),
    );
    if (used.length === 0) return '';
    const sorted = [...used].sort((a, b) =>
      a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0,
    );
    const onlyTypes = sorted.every(({ type }) => type);
    const specifiers = sorted.map(({ name, type }) => (type && !onlyTypes ? `type ${name}` : name));
    return `import ${onlyTypes ? 'type ' : ''}{ ${specifiers.join(', ')} } from './${module}';`;
  }

  isModel(name: string): boolean {
    return Object.hasOwn(this.spec.models ?? {}, name);
  }

  isEnum(name: string): boolean {
    return Object.hasOwn(this.spec.enums ?? {}, name);
  }

  model(name: string): Model {
    const model = this.spec.models?.[name];
    if (!model) throw new Error(`internal: no model "${name}"`);
    return model;
  }

  /** Type names for modules that import the models as they are. */
  readonly names: TypeNames = {
    schemaOf: (name) => (name === GENERIC_ERROR ? 'genericErrorSchema' : schemaName(name)),
    typeOf: (name) => pascalCase(name),
    isModel: (name) => this.isModel(name),
  };

  /** Throws a {@link GenerateError} when the generated modules declared a name twice. */
  assertNoCollisions(): void {
    if (this.identifiers.problems.length > 0) throw new GenerateError(this.file, this.identifiers.problems);
  }
}

/** Code with its comments and quoted strings blanked out, so only real references are found in it. */
function withoutCommentsAndStrings(code: string): string {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''")
    .replace(/\/\/.*$/gm, ' ');
}

function operationInfos(spec: Spec): OperationInfo[] {
  const ids = operationIds(spec);
  return allOperations(spec).map((ref) => {
    const id = ids.get(ref.key) ?? '';
    const declared = new Map((ref.operation.parameters ?? []).map((p) => [p.name, p]));
    const inPath = pathParameterNames(ref.path);
    const inPathSet = new Set(inPath);
    const successes = Object.keys(ref.operation.responses)
      .filter((status) => /^2\d\d$/.test(status))
      .map(Number)
      .sort((a, b) => a - b);
    return {
      ref,
      id,
      typePrefix: id.charAt(0).toUpperCase() + id.slice(1),
      pathParameters: inPath.map((name) => {
        const parameter = declared.get(name);
        return parameter ? { name, parameter } : { name };
      }),
      queryParameters: (ref.operation.parameters ?? []).filter((p) => !inPathSet.has(p.name)),
      isItemGet: ref.operation.method === 'GET' && !isListOperation(ref.path, ref.operation),
      isList: isListOperation(ref.path, ref.operation),
      successStatus: successes[0] ?? 200,
    };
  });
}

function storedResources(spec: Spec): StoredResource[] {
  const layout = tableLayout(spec);
  return layout.resources.map((r) => {
    const resource = spec.resources?.[r.resource];
    const model = spec.models?.[r.resource];
    if (!resource || !model) throw new Error(`internal: stored resource "${r.resource}" has no model`);
    return { name: r.resource, resource, model, indexes: r.indexes, events: publishedEvents(resource) };
  });
}

/** The models a model's fields refer to, in field order. */
function modelReferences(spec: Spec, model: Model): string[] {
  const models = spec.models ?? {};
  return model.fields.flatMap((field: Field) =>
    namedTypesOf(parseTypeRef(field.type)).filter((name) => Object.hasOwn(models, name)),
  );
}

/**
 * Tarjan's strongly connected components, visiting models in spec order: components come out
 * dependencies first, which is the order the schemas must be declared in.
 */
function modelOrder(spec: Spec): { order: string[]; cycles: Map<string, Set<string>> } {
  const names = Object.keys(spec.models ?? {});
  const position = new Map(names.map((name, i) => [name, i]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const order: string[] = [];
  const cycles = new Map<string, Set<string>>();
  let counter = 0;

  const visit = (name: string): void => {
    index.set(name, counter);
    low.set(name, counter);
    counter++;
    stack.push(name);
    onStack.add(name);
    const model = spec.models?.[name];
    const references = model ? modelReferences(spec, model) : [];
    for (const next of references) {
      if (!index.has(next)) {
        visit(next);
        low.set(name, Math.min(low.get(name) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(name, Math.min(low.get(name) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(name) !== index.get(name)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
      if (member === name) break;
    }
    component.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    const recursive = component.length > 1 || references.includes(name);
    if (recursive) {
      const members = new Set(component);
      for (const member of component) cycles.set(member, members);
    }
    order.push(...component);
  };
  for (const name of names) if (!index.has(name)) visit(name);
  return { order, cycles };
}

/** Every field and parameter name annotated `personal_data`, sorted. */
export function personalDataNames(spec: Spec): string[] {
  const names = new Set<string>();
  const personal = (member: Field | Parameter) => (member.annotations ?? []).includes('personal_data');
  for (const model of Object.values(spec.models ?? {})) {
    for (const field of model.fields) if (personal(field)) names.add(field.name);
  }
  for (const op of allOperations(spec)) {
    for (const parameter of op.operation.parameters ?? []) if (personal(parameter)) names.add(parameter.name);
  }
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

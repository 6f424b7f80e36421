/**
 * What a template's parameters and resources mean locally, across every stack of the app: the
 * {@link IntrinsicScope} of each stack (template-intrinsics.ts evaluates the functions), plus
 * "which resource of the app does this property point to" for the references that wire resources
 * together (a rule's target, a mapping's table and function).
 *
 * Local stand-ins: a table's name and an API's URL come from the {@link LocalResolver}; SSM parameters
 * that one stack writes and another reads (`AWS::SSM::Parameter::Value<String>` parameters) are
 * resolved to the writer's value; `Fn::ImportValue` to the exporting stack's output.
 */
import type { CfnResource, CloudAssembly, StackTemplate } from './assembly';
import { isObject } from './assembly';
import {
  evaluate,
  formatPath,
  type IntrinsicScope,
  renderText,
  renderValue,
  Text,
  UnresolvableError,
  type Value,
} from './intrinsics';

/** Local names and endpoints the template's values resolve to. */
export interface LocalResolver {
  /** The local base URL of an HTTP API (id `<stack>/<logical id>`). */
  apiUrl(apiId: string): string;
  /** The name a table (id `<stack>/<logical id>`) has in DynamoDB Local. */
  tableName(tableId: string): string;
  readonly region: string;
  readonly accountId: string;
}

/** A template value that cannot be used locally: names the stack, the resource and the property. */
export class TemplateError extends Error {
  constructor(
    readonly stackName: string,
    readonly logicalId: string | undefined,
    readonly property: string | undefined,
    readonly reason: string,
  ) {
    super(
      `${stackName}${logicalId === undefined ? '' : `/${logicalId}`}${property === undefined ? '' : ` ${property}`}: ${reason}`,
    );
    this.name = 'TemplateError';
  }
}

/** Where a value is: the resource (or output) and the property path inside it. */
export interface Where {
  readonly logicalId?: string;
  readonly property?: string;
}

export interface ResourceRef {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: CfnResource;
  /** `<stack>/<logical id>`. */
  readonly id: string;
}

const SSM_PARAMETER_TYPE = /^AWS::SSM::Parameter::Value<(.+)>$/;
const LIST_TYPE = /^(CommaDelimitedList|List<.+>)$/;
const MAX_NAME = 64;

export const TABLE_TYPES = new Set(['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable']);

/** A function's local name: its `FunctionName`, else `<stack>-<logical id>` (64 characters at most). */
export function localFunctionName(stackName: string, logicalId: string): string {
  return `${stackName}-${logicalId}`.slice(0, MAX_NAME);
}

export class AppScope {
  readonly #stacks: ReadonlyMap<string, StackTemplate>;
  readonly #resolver: LocalResolver;
  readonly #scopes = new Map<string, IntrinsicScope>();
  readonly #resolving = new Set<string>();
  #ssmParameters: Map<string, ResourceRef> | undefined;
  #exports: Map<string, { stack: StackTemplate; value: unknown }> | undefined;

  constructor(assembly: CloudAssembly, resolver: LocalResolver) {
    this.#stacks = new Map(assembly.stacks.map((stack) => [stack.stackName, stack]));
    this.#resolver = resolver;
  }

  get resolver(): LocalResolver {
    return this.#resolver;
  }

  /** Evaluates a node of a stack; a failure is a {@link TemplateError} naming where. */
  value(stack: StackTemplate, node: unknown, where: Where): Value {
    try {
      return evaluate(node, this.#scope(stack));
    } catch (error) {
      throw this.#error(stack, where, error);
    }
  }

  /** The string a node evaluates to, API URLs mapped to local ones. */
  string(stack: StackTemplate, node: unknown, where: Where): string {
    const value = this.value(stack, node, where);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (!(value instanceof Text)) {
      throw new TemplateError(stack.stackName, where.logicalId, where.property, 'expected a string');
    }
    return renderText(value, (apiId) => this.#resolver.apiUrl(apiId));
  }

  /** A number property (`fallback` when absent); CloudFormation also accepts numeric strings. */
  number(stack: StackTemplate, node: unknown, where: Where, fallback?: number): number {
    if (node === undefined && fallback !== undefined) return fallback;
    const value = node === undefined ? undefined : Number(this.string(stack, node, where));
    if (value === undefined || !Number.isFinite(value)) {
      throw new TemplateError(stack.stackName, where.logicalId, where.property, 'expected a number');
    }
    return value;
  }

  /** A boolean property (`fallback` when absent); CloudFormation also accepts `"true"`/`"false"`. */
  boolean(stack: StackTemplate, node: unknown, where: Where, fallback: boolean): boolean {
    if (node === undefined) return fallback;
    const value = this.string(stack, node, where);
    if (value !== 'true' && value !== 'false') {
      throw new TemplateError(stack.stackName, where.logicalId, where.property, 'expected true or false');
    }
    return value === 'true';
  }

  /** A node as plain JSON (event patterns), intrinsics evaluated. */
  json(stack: StackTemplate, node: unknown, where: Where): unknown {
    return renderValue(this.value(stack, node, where), (apiId) => this.#resolver.apiUrl(apiId));
  }

  /**
   * The resource of the app a property points to: `Ref`, `Fn::GetAtt` of any attribute, or
   * `Fn::ImportValue` of another stack's output that is one of those.
   */
  reference(stack: StackTemplate, node: unknown, where: Where): ResourceRef {
    try {
      return this.#reference(stack, node, 0);
    } catch (error) {
      throw this.#error(stack, where, error);
    }
  }

  #reference(stack: StackTemplate, node: unknown, depth: number): ResourceRef {
    if (depth > 10) throw new UnresolvableError('Fn::ImportValue chain too deep');
    if (isObject(node)) {
      if (typeof node.Ref === 'string') return this.#resource(stack, node.Ref, 'Ref');
      const getAtt = node['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string')
        return this.#resource(stack, getAtt[0], 'Fn::GetAtt');
      if (typeof getAtt === 'string')
        return this.#resource(stack, getAtt.split('.')[0] ?? getAtt, 'Fn::GetAtt');
      if ('Fn::ImportValue' in node) {
        const name = this.#literal(stack, node['Fn::ImportValue']);
        const exported = this.#export(name);
        return this.#reference(exported.stack, exported.value, depth + 1);
      }
    }
    throw new UnresolvableError(
      `expected a Ref, Fn::GetAtt or Fn::ImportValue of a resource of the app, got ${JSON.stringify(node)}`,
    );
  }

  #resource(stack: StackTemplate, logicalId: string, how: string): ResourceRef {
    const resource = stack.resources.get(logicalId);
    if (resource === undefined) {
      throw new UnresolvableError(
        `${how} ${logicalId}: no resource ${logicalId} in stack ${stack.stackName}`,
      );
    }
    return { stack, logicalId, resource, id: `${stack.stackName}/${logicalId}` };
  }

  #literal(stack: StackTemplate, node: unknown): string {
    const text = evaluate(node, this.#scope(stack));
    const literal = text instanceof Text ? text.literal : undefined;
    if (literal === undefined) throw new UnresolvableError('expected a plain string');
    return literal;
  }

  #error(stack: StackTemplate, where: Where, error: unknown): Error {
    if (error instanceof TemplateError) return error;
    if (error instanceof UnresolvableError) {
      const property = [where.property, error.path.length > 0 ? formatPath(error.path) : undefined]
        .filter((part) => part !== undefined)
        .join(' ');
      return new TemplateError(
        stack.stackName,
        where.logicalId,
        property === '' ? undefined : property,
        error.reason,
      );
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  #scope(stack: StackTemplate): IntrinsicScope {
    let scope = this.#scopes.get(stack.stackName);
    if (scope === undefined) {
      scope = {
        pseudo: {
          region: this.#resolver.region,
          accountId: this.#resolver.accountId,
          stackName: stack.stackName,
        },
        ref: (name) => this.#ref(stack, name),
        getAtt: (logicalId, attribute) => this.#getAtt(stack, logicalId, attribute),
        importValue: (name) => {
          const exported = this.#export(name);
          return this.#nested(exported.stack, `export ${name}`, () =>
            evaluate(exported.value, this.#scope(exported.stack)),
          );
        },
        findInMap: (map, top, second) => {
          const level = stack.mappings[map];
          const inner = isObject(level) ? level[top] : undefined;
          return isObject(inner) ? inner[second] : undefined;
        },
      };
      this.#scopes.set(stack.stackName, scope);
    }
    return scope;
  }

  /** Evaluates something another resource's value depends on, guarding against cycles. */
  #nested(stack: StackTemplate, what: string, run: () => Value): Value {
    const key = `${stack.stackName} ${what}`;
    if (this.#resolving.has(key)) throw new UnresolvableError(`${what} depends on itself`);
    this.#resolving.add(key);
    try {
      return run();
    } catch (error) {
      if (!(error instanceof UnresolvableError)) throw error;
      const at = error.path.length > 0 ? ` ${formatPath(error.path)}` : '';
      throw new UnresolvableError(`${what} (stack ${stack.stackName})${at}: ${error.reason}`);
    } finally {
      this.#resolving.delete(key);
    }
  }

  #ref(stack: StackTemplate, name: string): Value {
    const parameter = stack.parameters.get(name);
    if (parameter !== undefined) return this.#parameter(stack, name, parameter.Type, parameter.Default);
    const resource = stack.resources.get(name);
    if (resource === undefined) throw new UnresolvableError(`no parameter or resource ${name} in the stack`);
    const id = `${stack.stackName}/${name}`;
    const { Type: type, Properties: properties } = resource;
    if (TABLE_TYPES.has(type)) return Text.of(this.#resolver.tableName(id));
    switch (type) {
      case 'AWS::ApiGatewayV2::Api':
        return Text.api(id);
      case 'AWS::Lambda::Function':
        return Text.of(this.#functionName(stack, name, resource));
      case 'AWS::Events::EventBus':
      case 'AWS::SSM::Parameter':
        return this.#nested(stack, `${name}.Name`, () => evaluate(properties.Name, this.#scope(stack)));
      case 'AWS::SQS::Queue':
        return Text.of(this.#queueUrl(stack, name, resource));
      default:
        // Anything else: the logical id stands in for the physical id (an integration's id...).
        return Text.of(name);
    }
  }

  #parameter(stack: StackTemplate, name: string, type: string, defaultValue: unknown): Value {
    const ssm = SSM_PARAMETER_TYPE.exec(type);
    if (ssm !== null) {
      if (typeof defaultValue !== 'string') {
        throw new UnresolvableError(`parameter ${name} reads an SSM parameter but names none (no Default)`);
      }
      const writer = this.#ssmParameter(defaultValue);
      if (writer === undefined) {
        throw new UnresolvableError(
          `parameter ${name} is read from SSM parameter ${defaultValue} at deploy time, and no stack of the app writes it`,
        );
      }
      const value = this.#nested(writer.stack, `SSM parameter ${defaultValue} (${writer.id}) Value`, () =>
        evaluate(writer.resource.Properties.Value, this.#scope(writer.stack)),
      );
      return LIST_TYPE.test(ssm[1] ?? '') && value instanceof Text ? value.split(',') : value;
    }
    if (defaultValue === undefined) {
      throw new UnresolvableError(`parameter ${name} has no Default, and nothing passes it locally`);
    }
    const value = evaluate(defaultValue, this.#scope(stack));
    return LIST_TYPE.test(type) && value instanceof Text ? value.split(',') : value;
  }

  #ssmParameter(name: string): ResourceRef | undefined {
    if (this.#ssmParameters === undefined) {
      this.#ssmParameters = new Map();
      for (const stack of this.#stacks.values()) {
        for (const [logicalId, resource] of stack.resources) {
          if (resource.Type !== 'AWS::SSM::Parameter') continue;
          let parameterName: string;
          try {
            parameterName = this.#literal(stack, resource.Properties.Name);
          } catch {
            continue; // A generated or computed name: nothing can read it by a fixed name.
          }
          this.#ssmParameters.set(parameterName, {
            stack,
            logicalId,
            resource,
            id: `${stack.stackName}/${logicalId}`,
          });
        }
      }
    }
    return this.#ssmParameters.get(name);
  }

  #export(name: string): { stack: StackTemplate; value: unknown } {
    if (this.#exports === undefined) {
      this.#exports = new Map();
      for (const stack of this.#stacks.values()) {
        for (const output of stack.outputs.values()) {
          if (output.Export === undefined) continue;
          try {
            this.#exports.set(this.#literal(stack, output.Export.Name), { stack, value: output.Value });
          } catch {
            // An export name that does not evaluate locally cannot be imported by name either.
          }
        }
      }
    }
    const found = this.#exports.get(name);
    if (found === undefined) throw new UnresolvableError(`no stack of the app exports ${name}`);
    return found;
  }

  #getAtt(stack: StackTemplate, logicalId: string, attribute: string): Value {
    const resource = stack.resources.get(logicalId);
    if (resource === undefined) throw new UnresolvableError(`no resource ${logicalId} in the stack`);
    const { region, accountId } = this.#resolver;
    const arn = (service: string, rest: string) =>
      Text.of(`arn:aws:${service}:${region}:${accountId}:${rest}`);
    const unknown = () =>
      new UnresolvableError(`Fn::GetAtt ${logicalId}.${attribute} (${resource.Type}) has no local value`);
    const id = `${stack.stackName}/${logicalId}`;
    if (TABLE_TYPES.has(resource.Type)) {
      if (attribute === 'Arn') return arn('dynamodb', `table/${this.#resolver.tableName(id)}`);
      throw unknown();
    }
    switch (resource.Type) {
      case 'AWS::Lambda::Function':
        if (attribute === 'Arn')
          return arn('lambda', `function:${this.#functionName(stack, logicalId, resource)}`);
        throw unknown();
      case 'AWS::SQS::Queue': {
        const name = this.#queueName(stack, logicalId, resource);
        if (attribute === 'Arn') return arn('sqs', name);
        if (attribute === 'QueueName') return Text.of(name);
        if (attribute === 'QueueUrl') return Text.of(this.#queueUrl(stack, logicalId, resource));
        throw unknown();
      }
      case 'AWS::Events::EventBus': {
        const name = this.#ref(stack, logicalId);
        if (attribute === 'Name') return name;
        if (attribute === 'Arn' && name instanceof Text)
          return Text.concat([arn('events', 'event-bus/'), name]);
        throw unknown();
      }
      case 'AWS::ApiGatewayV2::Api':
        if (attribute === 'ApiId') return Text.api(id);
        if (attribute === 'ApiEndpoint') {
          return Text.concat([
            Text.of('https://'),
            Text.api(id),
            Text.of(`.execute-api.${region}.amazonaws.com`),
          ]);
        }
        throw unknown();
      case 'AWS::SSM::Parameter':
        if (attribute === 'Value' || attribute === 'Type') {
          return this.#nested(stack, `${logicalId}.${attribute}`, () =>
            evaluate(resource.Properties[attribute], this.#scope(stack)),
          );
        }
        throw unknown();
      default:
        throw unknown();
    }
  }

  #functionName(stack: StackTemplate, logicalId: string, resource: CfnResource): string {
    const declared = resource.Properties.FunctionName;
    return typeof declared === 'string' ? declared : localFunctionName(stack.stackName, logicalId);
  }

  #queueName(stack: StackTemplate, logicalId: string, resource: CfnResource): string {
    const declared = resource.Properties.QueueName;
    return typeof declared === 'string' ? declared : localFunctionName(stack.stackName, logicalId);
  }

  #queueUrl(stack: StackTemplate, logicalId: string, resource: CfnResource): string {
    const name = this.#queueName(stack, logicalId, resource);
    return `https://sqs.${this.#resolver.region}.amazonaws.com/${this.#resolver.accountId}/${name}`;
  }
}

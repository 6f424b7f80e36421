import type { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type { Construct } from 'constructs';
import { grantTableAccess, tableAccessEnvironment } from './grants';
import { acknowledge } from './nag';
import type { ServiceApi } from './service-api';
import type { ServiceCalls } from './service-calls';
import { ServiceFunction, type ServiceFunctionSettings } from './service-function';
import type { ServiceTable } from './service-table';
import type { OperationPlan } from './system';

export interface OperationHandlerProps {
  /** The service's name (the function's description starts with it). */
  readonly service: string;
  /** The spec file as people name it: the acknowledgement of an `auth: none` route names it. */
  readonly specFile: string;
  readonly operation: OperationPlan;
  /** Absolute path of the operation's entry (the plan's is relative to the project root). */
  readonly entry: string;
  readonly api: ServiceApi;
  /** The service's own table: the handler is granted exactly the actions of its table access. */
  readonly table: ServiceTable;
  /** The stack's calls to other services: the operation's `calls` get their URLs and Invoke. */
  readonly calls: ServiceCalls;
  /** The stack's common environment (table name, service name, log level); the handler's own is added. */
  readonly environment: Readonly<Record<string, string>>;
  readonly functions: ServiceFunctionSettings;
  /**
   * How long one request may run.
   * @default FUNCTION_DEFAULTS.timeout (10 seconds, defaults.ts)
   */
  readonly timeout?: Duration;
  /**
   * The handler's memory in MiB.
   * @default FUNCTION_DEFAULTS.memorySize (256, defaults.ts)
   */
  readonly memorySize?: number;
}

/**
 * One operation of a service's API: its Lambda (granted exactly the table actions of its uses, which
 * it also gets as TABLE_ACCESS, and Invoke on the routes it calls) and its route, IAM-authorized
 * unless the spec says `auth: none`.
 *
 * Adds to `scope` (README.md, "Service constructs": no construct level of its own): the function
 * `<id>` (the stack's id is the operation id in PascalCase, `GetUser`) and the route `<id>Route`.
 */
export class OperationHandler {
  readonly fn: ServiceFunction;
  readonly route: apigwv2.HttpRoute;

  constructor(scope: Construct, id: string, props: OperationHandlerProps) {
    const { operation, table, calls } = props;
    this.fn = new ServiceFunction(scope, id, {
      ...props.functions,
      entry: props.entry,
      description: `${props.service}: ${operation.key}`,
      environment: {
        ...props.environment,
        ...tableAccessEnvironment(operation.tableAccess.actions),
        ...calls.environment(operation.calls),
      },
      timeout: props.timeout,
      memorySize: props.memorySize,
    });
    grantTableAccess(
      this.fn.function,
      table.table,
      table.indexNames,
      operation.tableAccess.actions,
      operation.tableAccess.recordOnlyActions,
    );
    calls.grant(this.fn, operation.calls);
    this.route = props.api.addRoute(id, {
      routeKey: apigwv2.HttpRouteKey.with(operation.routePath, apigwv2.HttpMethod[operation.method]),
      handler: this.fn.function,
      auth: operation.auth,
    });
    if (operation.auth === 'none') {
      acknowledge(
        this.route,
        'AwsSolutions-APIG4',
        `${props.specFile} declares auth "none" for ${operation.key}: public by the spec, which the auth-none lint rule only lets through with a reviewed allow entry.`,
      );
    }
  }
}

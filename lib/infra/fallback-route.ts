import type { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type { Construct } from 'constructs';
import { ROUTES_VARIABLE } from '../../functions/runtime/conventions';
import { formatRoutes, type RouteKey } from '../../functions/runtime/http/fallback-handler';
import { FALLBACK_DEFAULTS } from './defaults';
import { acknowledge } from './nag';
import type { ServiceApi } from './service-api';
import { ServiceFunction, type ServiceFunctionSettings } from './service-function';

export interface FallbackRouteProps {
  /** The service's name (the function's description starts with it). */
  readonly service: string;
  readonly api: ServiceApi;
  /** Absolute path of the fallback's entry (functions/runtime/http/fallback-handler.ts). */
  readonly entry: string;
  /** The API's other routes (its operations): a 405 lists the methods of the matched path. */
  readonly routes: readonly RouteKey[];
  /** The service's environment (service name, log level): no table name, it has no table. */
  readonly environment: Readonly<Record<string, string>>;
  readonly functions: ServiceFunctionSettings;
  /**
   * The fallback's memory in MiB.
   * @default FALLBACK_DEFAULTS.memorySize (128, defaults.ts)
   */
  readonly memorySize?: number;
  /**
   * How long one answer may take.
   * @default FALLBACK_DEFAULTS.timeout (3 seconds, defaults.ts)
   */
  readonly timeout?: Duration;
}

/**
 * The `$default` route, which API Gateway picks when no other route matches (an unknown path, or a
 * known one with another method), to a Lambda that answers 404 / 405 + `allow` as a `generic_error`
 * from the service's route keys (functions/runtime/http/fallback-handler.ts). It has no table, no
 * grant and no other service's URL.
 *
 * No auth, on purpose: with IAM auth on `$default`, API Gateway would check `execute-api:Invoke`
 * for the unmatched request before the fallback runs, and callers are granted exactly the routes
 * they call, so nearly every client would get API Gateway's 403 instead of the 404/405 the design
 * promises. Unauthenticated, it reveals nothing the API did not already: without it an unmatched
 * request is API Gateway's public 404, and a known IAM path already answers 403 to anyone.
 *
 * Adds to `scope` (README.md, "Service constructs": no construct level of its own): the function
 * `<id>` (the stack's is `Fallback`) and the route `<id>Route`.
 */
export class FallbackRoute {
  readonly fn: ServiceFunction;
  readonly route: apigwv2.HttpRoute;

  constructor(scope: Construct, id: string, props: FallbackRouteProps) {
    this.fn = new ServiceFunction(scope, id, {
      ...props.functions,
      entry: props.entry,
      description: `${props.service}: $default route (404/405 for unmatched requests)`,
      environment: { ...props.environment, [ROUTES_VARIABLE]: formatRoutes(props.routes) },
      memorySize: props.memorySize ?? FALLBACK_DEFAULTS.memorySize,
      timeout: props.timeout ?? FALLBACK_DEFAULTS.timeout,
    });
    this.route = props.api.addRoute(id, {
      routeKey: apigwv2.HttpRouteKey.DEFAULT,
      handler: this.fn.function,
      auth: 'none',
    });
    acknowledge(
      this.route,
      'AwsSolutions-APIG4',
      `The $default route of ${props.service} only answers 404/405 (generic_error) for requests no operation route matches; it reads no data and calls nothing, and IAM auth on it would turn those answers into 403 for every caller granted only the routes it calls.`,
    );
  }
}

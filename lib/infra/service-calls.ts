import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { pascalCase } from '../contract/names';
import { routeArn } from './grants';
import { acknowledge } from './nag';
import { apiIdParameterName, apiUrlParameterName } from './names';
import type { ServiceFunction } from './service-function';
import type { StageName } from './stage-name';
import type { CallPlan } from './system';

export interface ServiceCallsProps {
  /** Whose SSM parameters to read: `/tributary/<stage>/<service>/api-url` and `/api-id`. */
  readonly stage: StageName;
}

/**
 * How a stack's Lambdas reach other services' APIs (the spec's `calls`): each called service's API
 * URL and id, read at deploy time from the SSM parameters its own stack writes (names.ts; why SSM
 * and not an export: service-stack.ts), and `execute-api:Invoke` on exactly the routes called.
 *
 * Adds to `scope`, on first use, one pair of CloudFormation parameters per called service:
 * `<Service>ApiId` and `<Service>ApiUrl`, of type `AWS::SSM::Parameter::Value<String>`, shared by
 * every function that calls it. No construct level of its own (README.md, "Service constructs").
 */
export class ServiceCalls {
  readonly #scope: Construct;
  readonly #stage: StageName;
  readonly #owners = new Map<string, { apiId: CfnParameter; apiUrl: CfnParameter }>();

  constructor(scope: Construct, props: ServiceCallsProps) {
    this.#scope = scope;
    this.#stage = props.stage;
  }

  /** The CloudFormation parameters that read a service's API id and URL from SSM, one pair per service. */
  owner(service: string): { apiId: CfnParameter; apiUrl: CfnParameter } {
    const existing = this.#owners.get(service);
    if (existing) return existing;
    const pascal = pascalCase(service);
    const parameters = {
      apiId: new CfnParameter(this.#scope, `${pascal}ApiId`, {
        type: 'AWS::SSM::Parameter::Value<String>',
        default: apiIdParameterName(this.#stage, service),
        description: `The ${service} service's HTTP API id (SSM, written by its stack).`,
      }),
      apiUrl: new CfnParameter(this.#scope, `${pascal}ApiUrl`, {
        type: 'AWS::SSM::Parameter::Value<String>',
        default: apiUrlParameterName(this.#stage, service),
        description: `The ${service} service's HTTP API URL (SSM, written by its stack).`,
      }),
    };
    this.#owners.set(service, parameters);
    return parameters;
  }

  /** The API URL variable of every service the calls reach (`USERS_API_URL`), read from SSM. */
  environment(calls: readonly CallPlan[]): Record<string, string> {
    const environment: Record<string, string> = {};
    for (const call of calls)
      environment[call.apiUrlVariable] = this.owner(call.service).apiUrl.valueAsString;
    return environment;
  }

  /** `execute-api:Invoke` on exactly the routes the calls name, nothing else of those APIs. */
  grant(fn: ServiceFunction, calls: readonly CallPlan[]): void {
    for (const call of calls) {
      const owner = this.owner(call.service);
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: `Invoke${pascalCase(call.service)}${call.method}${pascalCase(call.path.replace(/[/:]+/g, '_'))}`,
          actions: ['execute-api:Invoke'],
          resources: [routeArn(owner.apiId.valueAsString, call.method, call.routePath)],
        }),
      );
      if (!call.routePath.includes('{')) continue;
      // cdk-nag sees the ARN with the parameter's logical id in <>: acknowledge exactly that one.
      const apiIdLogicalId = Stack.of(this.#scope).resolve(owner.apiId.logicalId) as string;
      const flattened = `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiIdLogicalId}>/$default/${call.method}${call.routePath.replace(/\{[^}]+\}/g, '*')}`;
      acknowledge(
        fn.role,
        `AwsSolutions-IAM5[Resource::${flattened}]`,
        `Exactly the route ${call.method} ${call.routePath} of ${call.service}, declared in the spec's calls: execute-api ARNs write a path parameter as *.`,
      );
    }
  }
}

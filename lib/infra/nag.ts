import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag (v3) in this app: the AwsSolutions pack runs as a policy validation plugin at synthesis,
 * so an unacknowledged finding fails `cdk synth` and the tests. Every acknowledgement goes through
 * {@link acknowledge}: on the narrowest construct, for one rule (or one finding of it), with a
 * reason that says why this resource is right as it is. Acknowledged findings are listed with their
 * reasons under `suppressedViolations` in the cloud assembly's validation-report.json.
 */

export const NAG_PACK = 'AwsSolutions';

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/** Acknowledges one AwsSolutions rule (`AwsSolutions-SQS3`) or finding (`AwsSolutions-IAM5[Resource::*]`). */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${NAG_PACK}::${rule}`, reason });
}

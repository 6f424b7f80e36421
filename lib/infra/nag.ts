import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag (v3) in this app: the AwsSolutions pack runs as a policy validation plugin at synthesis,
 * so an unacknowledged finding fails `cdk synth` and the tests. Every acknowledgement goes through
 * {@link acknowledge}: on the narrowest construct, for one rule (or one finding of it), with a
 * reason that says why this resource is right as it is.
 */

/**
 * `-c tributary:nag-acknowledgements=false` synthesizes without any acknowledgement, so a test can
 * check that each one still matches a real finding (none is stale) and nothing else is found.
 */
export const ACKNOWLEDGEMENTS_CONTEXT = 'tributary:nag-acknowledgements';

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  const setting: unknown = scope.node.tryGetContext(ACKNOWLEDGEMENTS_CONTEXT);
  if (setting === false || setting === 'false') return;
  Validations.of(scope).acknowledge({ id, reason });
}

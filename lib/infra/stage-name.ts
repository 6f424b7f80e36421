/**
 * Stage names (`-c stage=<name>`, `dev deploy --stage <name>`). No CDK import: the CLI loads this.
 *
 * Any valid name is a stage: `dev`, `prod`, a pull request's `pr-42`, a developer's `dev-ada`.
 * Only `prod` has settings of its own (stage.ts); every other stage takes dev's.
 */

/** The stage a bare `cdk synth` builds (and the one the local runtime runs). */
export const DEFAULT_STAGE = 'dev';
/** The one stage that keeps its data and refuses `dev destroy`. */
export const PROD_STAGE = 'prod';

/**
 * The longest stage name. Every physical name the stacks give is `tributary-<stage>-<rest>`; the
 * tightest AWS limits on them are EventBridge rule names (64) and SQS queue names (80). With a
 * stage of at most 20 characters, `tributary-<stage>-` takes at most 31 of those, and names.ts
 * shortens only the `<rest>` part (with a hash) when a service's names are long, so the stage is
 * always whole in every name. Stack names (128), SSM parameter names (1011), alarm and dashboard
 * names (255) and the bus name (256) are far from their limits.
 */
export const STAGE_NAME_MAX_LENGTH = 20;

/** A lower-case letter, then lower-case letters, digits and single dashes; no dash at the end. */
export const STAGE_NAME_PATTERN = /^[a-z](?:-?[a-z0-9])*$/;

/** A stage name; validated where it enters (the CLI, the CDK context), a plain string after. */
export type StageName = string;

export const STAGE_NAME_RULE = `a lower-case letter, then lower-case letters, digits and single dashes, at most ${STAGE_NAME_MAX_LENGTH} characters (dev, prod, pr-42, dev-ada)`;

/** What is wrong with a stage name, or undefined when it is valid. */
export function stageNameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `a stage name is text, not ${JSON.stringify(value)}`;
  if (value.length > STAGE_NAME_MAX_LENGTH) {
    return `stage "${value}" is ${value.length} characters long: at most ${STAGE_NAME_MAX_LENGTH}, so every AWS name that holds it fits its limit`;
  }
  if (!STAGE_NAME_PATTERN.test(value)) return `invalid stage "${value}": use ${STAGE_NAME_RULE}`;
  return undefined;
}

export function isStageName(value: unknown): value is StageName {
  return stageNameProblem(value) === undefined;
}

/** Where a personal stage's owner comes from: `git config user.email`, else the OS user name. */
export interface Identity {
  readonly email?: string | undefined;
  readonly user?: string | undefined;
}

const PERSONAL_PREFIX = 'dev-';

/**
 * A developer's own stage, `dev-<who>`: the local part of their git email (`ada.lovelace@example.com`
 * → `dev-adalovelace`), else their OS user name, lower-cased with everything but letters and digits
 * dropped and cut to fit {@link STAGE_NAME_MAX_LENGTH}. `<who>` has no dash, so the names of two
 * personal stages part at the first character after `dev-` and never run into each other. Undefined
 * when neither gives a letter or digit.
 */
export function personalStageName(identity: Identity): StageName | undefined {
  for (const source of [identity.email?.split('@')[0], identity.user]) {
    const who = (source ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
    if (who !== '') return `${PERSONAL_PREFIX}${who}`.slice(0, STAGE_NAME_MAX_LENGTH);
  }
  return undefined;
}

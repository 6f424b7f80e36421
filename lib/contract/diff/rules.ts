import { BREAKING_ALLOW_FILE, SPECS_DIR } from '../files';
import type { Level } from './change';

/**
 * Every rule id `dev diff` reports, with its default level, what it means and what to do about
 * it. The ids of docs/breaking-changes.md are stable: they appear in output and in
 * `api-specs/breaking-changes.allow.json`. A few rules report a lower level than their
 * default in a documented case (an optional response field removed, a removed 4xx/5xx).
 */
export interface RuleInfo {
  readonly level: Level;
  readonly description: string;
  /**
   * What to do about a change at the rule's default level, as one lower-case clause (output puts
   * it after "remedy:"): how to avoid the break, then how to accept it. Info rules say none is needed.
   */
  readonly remedy: string;
}

/** The way out every breaking rule offers last, so every remedy names the same file the same way. */
const ACCEPT = `accept the break in ${SPECS_DIR}/${BREAKING_ALLOW_FILE} with a reason`;

/** The remedy of a change a rule reports below warning level in a documented case (a removed 4xx). */
export const INFO_REMEDY = 'none needed: at this level the change breaks no client';

export const RULES = {
  'service-renamed': {
    level: 'error',
    description: 'The service `name` changed.',
    remedy: `restore the previous \`name\` (stacks, event sources and other services' clients are named by it), or ${ACCEPT}`,
  },
  'service-removed': {
    level: 'error',
    description: 'A spec that exists at the base revision was deleted.',
    remedy: `restore the spec until no client or subscriber depends on the service, or ${ACCEPT}`,
  },
  'service-added': {
    level: 'info',
    description: 'A spec was created since the base revision.',
    remedy: 'none needed: a new service breaks no client',
  },
  'resource-removed': {
    level: 'error',
    description: 'A resource was removed, with all its operations and events.',
    remedy: `restore the resource (mark its operations \`deprecation\` first and remove it later), or ${ACCEPT}`,
  },
  'resource-id-prefix-changed': {
    level: 'error',
    description:
      'A resource’s effective id prefix (declared or derived) changed: ids minted before keep the old one.',
    remedy: `declare the previous prefix as \`id_prefix\` (ids minted before keep it), or ${ACCEPT}`,
  },
  'index-ignore-case-changed': {
    level: 'error',
    description:
      'A storage index’s `ignore_case` was turned on or off: values stored before are indexed (and guarded) the other way, and turning it on can make them clash.',
    remedy: `keep the previous \`ignore_case\`, or re-index every stored item (and, turning it on, resolve values that differ only in case) before deploying, then ${ACCEPT}`,
  },
  'list-shards-changed': {
    level: 'error',
    description:
      'A stored resource’s effective `storage.list_shards` changed: items stored before sit in the list index partitions of the old shard count, and cursors handed out before are refused.',
    remedy: `keep the previous \`list_shards\` (declare it if it was the default), or rewrite every stored item's \`_list\` attribute under the new count before deploying (clients restart listing from the first page), then ${ACCEPT}`,
  },
  'operation-removed': {
    level: 'error',
    description: 'An operation (method + path, ignoring parameter names) is no longer served.',
    remedy: `keep the operation (mark it \`deprecation\` first and remove it later), or ${ACCEPT}`,
  },
  'operation-added': {
    level: 'info',
    description: 'A new operation is served.',
    remedy: 'none needed: a new operation breaks no client',
  },
  'operation-auth-tightened': {
    level: 'error',
    description: 'An operation’s auth went from `none` to `iam`.',
    remedy: `keep \`auth: none\` until every caller signs its requests (SigV4), or ${ACCEPT}`,
  },
  'operation-auth-loosened': {
    level: 'warning',
    description: 'An operation’s auth went from `iam` to `none`.',
    remedy: `restore \`auth: iam\` unless the operation is meant to be public; if it is, ${ACCEPT}`,
  },
  'body-added': {
    level: 'error',
    description: 'An operation that took no body now takes one.',
    remedy: `serve the new body on a new operation and keep this one without a body, or ${ACCEPT}`,
  },
  'body-type-changed': {
    level: 'error',
    description: 'The body type was narrowed or replaced by an unrelated type, or the body was removed.',
    remedy: `keep the body type (add what is new as optional fields), or serve the new body on a new operation, or ${ACCEPT}`,
  },
  'parameter-added-required': {
    level: 'error',
    description: 'A required parameter with no default was added.',
    remedy: `make the parameter optional (\`required: false\`) or give it a \`default\`, or ${ACCEPT}`,
  },
  'parameter-added-optional': {
    level: 'info',
    description: 'An optional parameter (or one with a default) was added.',
    remedy: 'none needed: old clients leave it out',
  },
  'parameter-became-required': {
    level: 'error',
    description: 'Clients may no longer leave a parameter out.',
    remedy: `keep the parameter optional or give it a \`default\`, or ${ACCEPT}`,
  },
  'parameter-removed': {
    level: 'warning',
    description: 'A parameter was removed.',
    remedy: `keep the parameter (mark it \`deprecation\` first and remove it later), or ${ACCEPT}`,
  },
  'request-field-added-required': {
    level: 'error',
    description: 'A required field with no default was added to a type the server reads.',
    remedy: `make the field optional (\`required: false\`) or give it a \`default\`, or ${ACCEPT}`,
  },
  'request-field-added-optional': {
    level: 'info',
    description: 'An optional field (or one with a default) was added to a type the server reads.',
    remedy: 'none needed: old clients leave it out',
  },
  'request-field-became-required': {
    level: 'error',
    description: 'Clients may no longer leave a request field out.',
    remedy: `keep the field optional or give it a \`default\`, or ${ACCEPT}`,
  },
  'request-field-removed': {
    level: 'warning',
    description:
      'A field was removed from a type the server reads (old clients sending it are not rejected).',
    remedy: `keep the field (mark it \`deprecation\` first and remove it later), or ${ACCEPT}`,
  },
  'request-type-narrowed': {
    level: 'error',
    description:
      'A type the server reads accepts fewer values (e.g. long to integer, json to object, unrelated types).',
    remedy: `keep the type the server accepted (add a field with the new type beside it), or ${ACCEPT}`,
  },
  'request-type-widened': {
    level: 'info',
    description: 'A type the server reads accepts more values (e.g. integer to long, a new enum value).',
    remedy: 'none needed: what old clients send is still accepted',
  },
  'request-enum-value-removed': {
    level: 'error',
    description: 'An enum value the server read is no longer accepted.',
    remedy: `keep the value (mark it \`deprecation\` first and remove it later), or ${ACCEPT}`,
  },
  'request-bound-tightened': {
    level: 'error',
    description: 'On the request side a minimum was raised or added, or a maximum lowered or added.',
    remedy: `keep the previous \`minimum\`/\`maximum\` (check a stricter rule in domain code, for new data only), or ${ACCEPT}`,
  },
  'request-digits-tightened': {
    level: 'error',
    description: 'On the request side a decimal’s `precision` or `scale` was added or lowered.',
    remedy: `keep the previous \`precision\`/\`scale\` (check a stricter rule in domain code, for new data only), or ${ACCEPT}`,
  },
  'request-constraint-tightened': {
    level: 'error',
    description: 'On the request side a string `pattern` or `format` was added or changed.',
    remedy: `keep the previous \`pattern\`/\`format\`, or ${ACCEPT}`,
  },
  'request-constraint-loosened': {
    level: 'info',
    description: 'On the request side a string `pattern` or `format` was removed.',
    remedy: 'none needed: the server accepts more',
  },
  'request-default-removed': {
    level: 'error',
    description: 'Clients relied on the server filling in a default.',
    remedy: `keep the \`default\`, or ${ACCEPT}`,
  },
  'request-default-changed': {
    level: 'warning',
    description: 'A default changed: behaviour changes silently.',
    remedy: `keep the previous \`default\` (add a parameter or field for the new behaviour), or ${ACCEPT}`,
  },
  'response-field-removed': {
    level: 'error',
    description: 'A field was removed from a type the server writes (a warning when it was optional).',
    remedy: `keep the field (mark it \`deprecation\` first and remove it later), or ${ACCEPT}`,
  },
  'response-field-became-optional': {
    level: 'error',
    description: 'A field the server always wrote may now be left out.',
    remedy: `keep the field always written (\`required\`, or a \`default\`), or ${ACCEPT}`,
  },
  'response-field-added': {
    level: 'info',
    description: 'A field was added to a type the server writes.',
    remedy: 'none needed: old clients do not read it',
  },
  'response-type-widened': {
    level: 'error',
    description: 'A type the server writes may hold values old clients do not understand.',
    remedy: `keep the type the server wrote (add a field with the wider type beside it), or ${ACCEPT}`,
  },
  'response-enum-value-added': {
    level: 'warning',
    description:
      'A new value of an enum the server writes (generated clients read it as an UnknownEnumValue: the call works, but code acting on the enum must decide what the value means).',
    remedy: `make sure the code of every client acting on the enum handles a value it does not know, then ${ACCEPT}`,
  },
  'response-enum-value-removed': {
    level: 'warning',
    description: 'A value of an enum the server writes was removed (generated code may name the constant).',
    remedy: `keep the value (mark it \`deprecation\` first and remove it later), or ${ACCEPT}`,
  },
  'response-bound-widened': {
    level: 'error',
    description: 'On the response side a maximum was raised or removed, or a minimum lowered or removed.',
    remedy: `keep the previous \`minimum\`/\`maximum\`, or ${ACCEPT}`,
  },
  'response-digits-widened': {
    level: 'error',
    description: 'On the response side a decimal’s `precision` or `scale` was raised or removed.',
    remedy: `keep the previous \`precision\`/\`scale\`, or ${ACCEPT}`,
  },
  'response-constraint-loosened': {
    level: 'error',
    description: 'On the response side a string `pattern` or `format` was removed or changed.',
    remedy: `keep the previous \`pattern\`/\`format\`, or ${ACCEPT}`,
  },
  'response-constraint-tightened': {
    level: 'info',
    description: 'On the response side a string `pattern` or `format` was added.',
    remedy: 'none needed: the server writes fewer values',
  },
  'response-status-removed': {
    level: 'error',
    description: 'A 2xx response status was removed (a removed non-2xx status is info).',
    remedy: `keep answering the status, or ${ACCEPT}`,
  },
  'response-status-added': {
    level: 'info',
    description: 'A response status was added.',
    remedy: 'none needed: it is a changelog line',
  },
  'response-type-changed': {
    level: 'error',
    description: 'The type of a response status was widened or replaced by an unrelated type.',
    remedy: `keep the response type (serve the new one on a new operation), or ${ACCEPT}`,
  },
  'event-removed': {
    level: 'error',
    description: 'A resource stopped publishing `upserted` or `deleted`.',
    remedy: `keep publishing the event until no subscriber listens for it, or ${ACCEPT}`,
  },
  'event-added': {
    level: 'info',
    description: 'A resource started publishing `upserted` or `deleted`.',
    remedy: 'none needed: a new event breaks no subscriber',
  },
  'personal-data-annotation-removed': {
    level: 'error',
    description: 'A field or parameter lost `personal_data`: its values may now reach logs.',
    remedy: `keep \`personal_data\` on it (logs redact by it) unless the value is not personal data; then ${ACCEPT}`,
  },
  'deprecated-removed': {
    level: 'warning',
    description:
      'A field, parameter, operation or enum value that carried `deprecation` was removed; replaces the rule the removal would hit.',
    remedy: `make sure no client still uses it (its deprecation period is over); with --fail-on warning, also ${ACCEPT}`,
  },
  'description-changed': {
    level: 'info',
    description: 'A description was added, changed or removed.',
    remedy: 'none needed: documentation only',
  },
  'spec-does-not-load': {
    level: 'error',
    description:
      'A spec of the working copy does not load (malformed, badly encoded, too deep or too large): nothing of it can be compared.',
    remedy: 'run `dev validate` and fix the spec at this position',
  },
  'base-spec-does-not-load': {
    level: 'info',
    description: 'A spec at the base revision does not load: the working copy is compared as if it were new.',
    remedy: "none needed: the working copy's spec is compared as if it were new",
  },
  'unused-allow-entry': {
    level: 'error',
    description: 'An entry of api-specs/breaking-changes.allow.json matches no change (remove it).',
    remedy: 'remove the entry (or correct its `rule` or `at` to name the change it meant)',
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

/** Every rule id, in table order. */
export const RULE_IDS: readonly RuleId[] = Object.keys(RULES) as RuleId[];

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}

export function defaultLevel(rule: RuleId): Level {
  return RULES[rule].level;
}

/**
 * What to do about a change of `rule` reported at `level`: the rule's remedy, or
 * {@link INFO_REMEDY} when a breaking rule reports an info in a documented case (its remedy
 * would ask for a fix nobody needs). Undefined for an id that is not a rule of dev diff.
 */
export function remedyFor(rule: string, level: Level): string | undefined {
  if (!isRuleId(rule)) return undefined;
  const info: RuleInfo = RULES[rule];
  return level === 'info' && info.level !== 'info' ? INFO_REMEDY : info.remedy;
}

import type { Level } from './change';

/**
 * Every rule id `dev diff` reports, with its default level and what it means. The ids of
 * docs/breaking-changes.md are stable: they appear in output and in
 * `api-specs/breaking-changes.allow.json`. A few rules report a lower level than their
 * default in a documented case (an optional response field removed, a removed 4xx/5xx).
 */
export interface RuleInfo {
  readonly level: Level;
  readonly description: string;
}

export const RULES = {
  'service-renamed': { level: 'error', description: 'The service `name` changed.' },
  'service-removed': { level: 'error', description: 'A spec that exists at the base revision was deleted.' },
  'service-added': { level: 'info', description: 'A spec was created since the base revision.' },
  'resource-removed': {
    level: 'error',
    description: 'A resource was removed, with all its operations and events.',
  },
  'resource-id-prefix-changed': {
    level: 'error',
    description:
      'A resource’s effective id prefix (declared or derived) changed: ids minted before keep the old one.',
  },
  'operation-removed': {
    level: 'error',
    description: 'An operation (method + path, ignoring parameter names) is no longer served.',
  },
  'operation-added': { level: 'info', description: 'A new operation is served.' },
  'operation-auth-tightened': {
    level: 'error',
    description: 'An operation’s auth went from `none` to `iam`.',
  },
  'operation-auth-loosened': {
    level: 'warning',
    description: 'An operation’s auth went from `iam` to `none`.',
  },
  'body-added': { level: 'error', description: 'An operation that took no body now takes one.' },
  'body-type-changed': {
    level: 'error',
    description: 'The body type was narrowed or replaced by an unrelated type, or the body was removed.',
  },
  'parameter-added-required': {
    level: 'error',
    description: 'A required parameter with no default was added.',
  },
  'parameter-added-optional': {
    level: 'info',
    description: 'An optional parameter (or one with a default) was added.',
  },
  'parameter-became-required': {
    level: 'error',
    description: 'Clients may no longer leave a parameter out.',
  },
  'parameter-removed': { level: 'warning', description: 'A parameter was removed.' },
  'request-field-added-required': {
    level: 'error',
    description: 'A required field with no default was added to a type the server reads.',
  },
  'request-field-added-optional': {
    level: 'info',
    description: 'An optional field (or one with a default) was added to a type the server reads.',
  },
  'request-field-became-required': {
    level: 'error',
    description: 'Clients may no longer leave a request field out.',
  },
  'request-field-removed': {
    level: 'warning',
    description:
      'A field was removed from a type the server reads (old clients sending it are not rejected).',
  },
  'request-type-narrowed': {
    level: 'error',
    description:
      'A type the server reads accepts fewer values (e.g. long to integer, json to object, unrelated types).',
  },
  'request-type-widened': {
    level: 'info',
    description: 'A type the server reads accepts more values (e.g. integer to long, a new enum value).',
  },
  'request-enum-value-removed': {
    level: 'error',
    description: 'An enum value the server read is no longer accepted.',
  },
  'request-bound-tightened': {
    level: 'error',
    description: 'On the request side a minimum was raised or added, or a maximum lowered or added.',
  },
  'request-constraint-tightened': {
    level: 'error',
    description: 'On the request side a string `pattern` or `format` was added or changed.',
  },
  'request-constraint-loosened': {
    level: 'info',
    description: 'On the request side a string `pattern` or `format` was removed.',
  },
  'request-default-removed': {
    level: 'error',
    description: 'Clients relied on the server filling in a default.',
  },
  'request-default-changed': {
    level: 'warning',
    description: 'A default changed: behaviour changes silently.',
  },
  'response-field-removed': {
    level: 'error',
    description: 'A field was removed from a type the server writes (a warning when it was optional).',
  },
  'response-field-became-optional': {
    level: 'error',
    description: 'A field the server always wrote may now be left out.',
  },
  'response-field-added': { level: 'info', description: 'A field was added to a type the server writes.' },
  'response-type-widened': {
    level: 'error',
    description: 'A type the server writes may hold values old clients do not understand.',
  },
  'response-enum-value-added': {
    level: 'warning',
    description: 'A new value of an enum the server writes (generated clients have closed enums).',
  },
  'response-enum-value-removed': {
    level: 'warning',
    description: 'A value of an enum the server writes was removed (generated code may name the constant).',
  },
  'response-bound-widened': {
    level: 'error',
    description: 'On the response side a maximum was raised or removed, or a minimum lowered or removed.',
  },
  'response-constraint-loosened': {
    level: 'error',
    description: 'On the response side a string `pattern` or `format` was removed or changed.',
  },
  'response-constraint-tightened': {
    level: 'info',
    description: 'On the response side a string `pattern` or `format` was added.',
  },
  'response-status-removed': {
    level: 'error',
    description: 'A 2xx response status was removed (a removed non-2xx status is info).',
  },
  'response-status-added': { level: 'info', description: 'A response status was added.' },
  'response-type-changed': {
    level: 'error',
    description: 'The type of a response status was widened or replaced by an unrelated type.',
  },
  'event-removed': { level: 'error', description: 'A resource stopped publishing `upserted` or `deleted`.' },
  'event-added': { level: 'info', description: 'A resource started publishing `upserted` or `deleted`.' },
  'personal-data-annotation-removed': {
    level: 'error',
    description: 'A field or parameter lost `personal_data`: its values may now reach logs.',
  },
  'deprecated-removed': {
    level: 'warning',
    description:
      'A field, parameter, operation or enum value that carried `deprecation` was removed; replaces the rule the removal would hit.',
  },
  'description-changed': { level: 'info', description: 'A description was added, changed or removed.' },
  'spec-does-not-load': {
    level: 'error',
    description:
      'A spec of the working copy does not load (malformed, badly encoded, too deep or too large): nothing of it can be compared.',
  },
  'base-spec-does-not-load': {
    level: 'info',
    description: 'A spec at the base revision does not load: the working copy is compared as if it were new.',
  },
  'unused-allow-entry': {
    level: 'error',
    description: 'An entry of api-specs/breaking-changes.allow.json matches no change (remove it).',
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

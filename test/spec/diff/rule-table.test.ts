import { defaultLevel, isRuleId, RULE_IDS, RULES } from '../../../lib/spec/diff/rules';

/** The ids and levels of the policy (BREAKING-CHANGES.md), copied here so a drift fails a test. */
const POLICY: Record<string, 'error' | 'warning' | 'info'> = {
  'service-renamed': 'error',
  'resource-removed': 'error',
  'operation-removed': 'error',
  'operation-added': 'info',
  'operation-auth-tightened': 'error',
  'operation-auth-loosened': 'warning',
  'body-added': 'error',
  'body-type-changed': 'error',
  'parameter-added-required': 'error',
  'parameter-added-optional': 'info',
  'parameter-became-required': 'error',
  'parameter-removed': 'warning',
  'request-field-added-required': 'error',
  'request-field-added-optional': 'info',
  'request-field-became-required': 'error',
  'request-field-removed': 'warning',
  'request-type-narrowed': 'error',
  'request-type-widened': 'info',
  'request-enum-value-removed': 'error',
  'request-bound-tightened': 'error',
  'request-default-removed': 'error',
  'request-default-changed': 'warning',
  'response-field-removed': 'error',
  'response-field-became-optional': 'error',
  'response-field-added': 'info',
  'response-type-widened': 'error',
  'response-enum-value-added': 'warning',
  'response-enum-value-removed': 'warning',
  'response-bound-widened': 'error',
  'response-status-removed': 'error',
  'response-status-added': 'info',
  'response-type-changed': 'error',
  'event-removed': 'error',
  'event-added': 'info',
  'personal-data-annotation-removed': 'error',
  'deprecated-removed': 'warning',
  'description-changed': 'info',
};

/**
 * Ids for spec keys the policy predates (`pattern`, `format`, `id_prefix`), documented with their
 * decisions in lib/spec/diff/README.md.
 */
const EXTENSIONS: Record<string, 'error' | 'warning' | 'info'> = {
  'request-constraint-tightened': 'error',
  'request-constraint-loosened': 'info',
  'response-constraint-loosened': 'error',
  'response-constraint-tightened': 'info',
  'resource-id-prefix-changed': 'error',
};

const TOOL: Record<string, 'error' | 'warning' | 'info'> = {
  'service-removed': 'error',
  'service-added': 'info',
  'unused-allow-entry': 'error',
  'spec-does-not-load': 'error',
  'base-spec-does-not-load': 'info',
};

describe('the rule table', () => {
  it('holds exactly the policy ids and the tool’s own', () => {
    expect([...RULE_IDS].sort()).toEqual(Object.keys({ ...POLICY, ...EXTENSIONS, ...TOOL }).sort());
  });

  it.each(Object.entries({ ...POLICY, ...EXTENSIONS, ...TOOL }))('%s defaults to %s', (id, level) => {
    expect(isRuleId(id) && defaultLevel(id)).toBe(level);
  });

  it.each(RULE_IDS)('%s has a one-line description', (id) => {
    expect(RULES[id].description).toMatch(/^[A-Z].*\.$/);
    expect(RULES[id].description).not.toContain('\n');
  });

  it('rejects unknown ids', () => {
    expect(isRuleId('field-removed')).toBe(false);
    expect(isRuleId('toString')).toBe(false);
  });
});

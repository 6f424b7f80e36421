import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultLevel,
  INFO_REMEDY,
  isRuleId,
  RULE_IDS,
  RULES,
  remedyFor,
} from '../../../lib/contract/diff/rules';

/** The ids and levels of the policy (docs/breaking-changes.md), copied here so a drift fails a test. */
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
 * Ids for spec keys the policy predates (`pattern`, `format`, `id_prefix`, a decimal's `precision`
 * and `scale`, an index's `ignore_case`, a resource's `list_shards`), documented with their decisions in lib/contract/diff/README.md.
 */
const EXTENSIONS: Record<string, 'error' | 'warning' | 'info'> = {
  'request-constraint-tightened': 'error',
  'request-constraint-loosened': 'info',
  'response-constraint-loosened': 'error',
  'response-constraint-tightened': 'info',
  'resource-id-prefix-changed': 'error',
  'request-digits-tightened': 'error',
  'response-digits-widened': 'error',
  'index-ignore-case-changed': 'error',
  'list-shards-changed': 'error',
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

  it.each(RULE_IDS)('%s says what to do, in one clause', (id) => {
    const { remedy } = RULES[id];
    expect(remedy).toMatch(/^[a-z].*[^.]$/);
    expect(remedy).not.toContain('\n');
  });

  /** Rules whose way out is a fix, never an allow entry: an allow entry cannot make a spec load or rot less. */
  const FIX_ONLY = ['spec-does-not-load', 'unused-allow-entry'];

  it.each(RULE_IDS.filter((id) => RULES[id].level !== 'info' && !FIX_ONLY.includes(id)))(
    '%s offers a way to avoid the break and names the allow file to accept it',
    (id) => {
      // What to do first (keep, restore, update clients...), then the way to accept it.
      expect(RULES[id].remedy).toMatch(
        /^[a-z].{15,}[,;] .*accept the break in api-specs\/breaking-changes\.allow\.json with a reason$/,
      );
    },
  );

  it.each(RULE_IDS.filter((id) => RULES[id].level === 'info'))('%s (info) needs no remedy', (id) => {
    expect(RULES[id].remedy).toMatch(/^none needed: /);
  });

  it('gives the remedy of a change by its rule and reported level', () => {
    expect(remedyFor('response-field-removed', 'error')).toBe(RULES['response-field-removed'].remedy);
    // An optional response field removed is a warning: the same fix applies.
    expect(remedyFor('response-field-removed', 'warning')).toBe(RULES['response-field-removed'].remedy);
    // A removed 4xx is info: nothing to fix.
    expect(remedyFor('response-status-removed', 'info')).toBe(INFO_REMEDY);
    expect(remedyFor('description-changed', 'info')).toBe(RULES['description-changed'].remedy);
    expect(remedyFor('field-removed', 'error')).toBeUndefined();
    expect(remedyFor('toString', 'error')).toBeUndefined();
  });

  it('says of response-field-removed what the policy asks: deprecate first, or accept with a reason', () => {
    expect(RULES['response-field-removed'].remedy).toBe(
      'keep the field (mark it `deprecation` first and remove it later), or accept the break in api-specs/breaking-changes.allow.json with a reason',
    );
  });

  const policyDoc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'breaking-changes.md'), 'utf8');

  it.each(RULE_IDS)('%s: docs/breaking-changes.md gives its remedy word for word', (id) => {
    expect(policyDoc).toContain(`\n- \`${id}\`: ${RULES[id].remedy}\n`);
  });

  it('rejects unknown ids', () => {
    expect(isRuleId('field-removed')).toBe(false);
    expect(isRuleId('toString')).toBe(false);
  });
});

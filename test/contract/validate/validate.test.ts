import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverSpecFiles } from '../../../lib/contract/files';
import { GRAPH_RULES, SPEC_RULES } from '../../../lib/contract/validate/rules';
import { validateSpecTexts } from '../../../lib/contract/validate/validate';
import { baseSpec, specText, subscriberSpec, summary, validateAll } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');

describe('validateSpecTexts', () => {
  it('finds nothing in the reference specs of api-specs/', () => {
    const files = discoverSpecFiles(ROOT);
    expect(files).toEqual(
      expect.arrayContaining([
        'api-specs/notifications.json',
        'api-specs/orders.json',
        'api-specs/users.json',
      ]),
    );
    const result = validateSpecTexts(
      files.map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') })),
    );
    expect(summary(result.diagnostics)).toEqual([]);
    expect(result.valid.map((l) => l.file)).toEqual(files);
  });

  it('finds nothing in the base specs the rule tests modify', () => {
    expect(summary(validateAll([baseSpec(), subscriberSpec()]))).toEqual([]);
  });

  it('points line and column at the offending value', () => {
    const spec = baseSpec();
    spec.models.user.fields[1].type = 'strng';
    const text = specText(spec);
    const offset = text.indexOf('"strng"');
    const before = text.slice(0, offset).split('\n');
    const { diagnostics } = validateSpecTexts([{ file: 'api-specs/users.json', text }]);
    expect(diagnostics).toEqual([
      {
        rule: 'unknown-type',
        severity: 'error',
        file: 'api-specs/users.json',
        path: '$.models.user.fields[1].type',
        line: before.length,
        column: (before.at(-1) ?? '').length + 1,
        message: 'unknown type "strng" in field "email" of model "user"',
        hint: 'Did you mean "string"?',
      },
    ]);
    expect(text.split('\n')[before.length - 1]).toContain('"type": "strng"');
  });

  it('marks a spec with a semantic error as not valid, and the others as valid', () => {
    const users = baseSpec();
    users.enums.user_status.values = [];
    users.models.user.fields[2].default = undefined;
    const result = validateSpecTexts([
      { file: 'api-specs/users.json', text: specText(users) },
      { file: 'api-specs/audits.json', text: specText(subscriberSpec()) },
    ]);
    expect(summary(result.diagnostics).map((d) => d.rule)).toEqual(['enum-values']);
    expect(result.valid.map((l) => l.file)).toEqual(['api-specs/audits.json']);
  });
});

describe('the rule set', () => {
  const rules = [...SPEC_RULES, ...GRAPH_RULES];

  it('gives every rule a unique kebab-case id and a one-line description', () => {
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.description).toMatch(/^\S.*\.$/);
      expect(rule.description).not.toContain('\n');
    }
  });

  it('does not throw on odd but structurally valid specs', () => {
    const spec = baseSpec();
    spec.models.toString = { fields: [] };
    spec.resources.hasOwnProperty = { operations: [{ method: 'GET', responses: {} }] };
    spec.models.user.fields.push({
      name: 'x',
      type: '[[map[[constructor]]]]',
      default: [[{ a: [1] }]],
      minimum: 1,
    });
    expect(() => validateAll([spec])).not.toThrow();
  });
});

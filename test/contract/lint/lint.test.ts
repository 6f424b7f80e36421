import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllowText, readAllowFile } from '../../../lib/contract/allow';
import { discoverSpecFiles, LINT_ALLOW_FILE, SPECS_DIR } from '../../../lib/contract/files';
import { LINT_RULE_IDS, lintSpecs, UNUSED_ALLOW_ENTRY } from '../../../lib/contract/lint/lint';
import { LINT_RULES } from '../../../lib/contract/lint/rules';
import { validateSpecFiles } from '../../../lib/contract/validate/validate';
import { ALLOW_FILE, allowFile, at, baseSpec, FILE, lint, specText, specWith, validateBase } from './helpers';

const ROOT = join(__dirname, '../../..');

/** Two public operations: two auth-none findings at two places. */
const twoPublic = () =>
  specWith((s) => {
    s.resources.book.operations[0].auth = 'none';
    s.resources.book.operations[1].auth = 'none';
  });
const GET_ONE = at('operations.GET /books/:id');
const LIST = at('operations.GET /books');
const REASON = 'Public on purpose: the catalogue is open to everyone.';

describe('the base fixture', () => {
  it('validates cleanly with every validation rule', () => {
    const result = validateBase();
    expect(result.diagnostics).toEqual([]);
    expect(result.valid.map((l) => l.file)).toEqual([FILE]);
  });

  it('lints cleanly', () => {
    expect(lint(baseSpec())).toEqual({ findings: [], suppressed: [] });
  });
});

describe('the reference specs in api-specs/', () => {
  it('validate and lint with zero findings', () => {
    const files = discoverSpecFiles(ROOT).map((f) => join(ROOT, f));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const validation = validateSpecFiles(files);
    expect(validation.diagnostics).toEqual([]);
    const { allow, diagnostics } = readAllowFile(join(ROOT, SPECS_DIR, LINT_ALLOW_FILE));
    expect(diagnostics).toEqual([]);
    expect(lintSpecs(validation.valid, allow).findings).toEqual([]);
  });
});

describe('findings', () => {
  it('are positioned at the offending value, with its JSON path', () => {
    const spec = twoPublic();
    const lines = specText(spec).split('\n');
    const authLines = lines.flatMap((line, i) => (line.includes('"auth": "none"') ? [i + 1] : []));
    const { findings } = lint(spec);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'auth-none',
        severity: 'error',
        file: FILE,
        path: '$.resources.book.operations[0].auth',
        line: authLines[0],
        column: (lines[(authLines[0] ?? 0) - 1] ?? '').indexOf('"none"') + 1,
        at: GET_ONE,
      }),
      expect.objectContaining({ path: '$.resources.book.operations[1].auth', line: authLines[1], at: LIST }),
    ]);
  });

  it('are sorted by file and position whatever order the rules ran in', () => {
    const { findings } = lint(
      specWith((s) => {
        delete s.description;
        s.models.orphan = { fields: [{ name: 'Email', type: 'string' }] };
      }),
    );
    const positions = findings.map((f) => [f.line, f.column]);
    expect(positions).toEqual(
      [...positions].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0)),
    );
    expect(findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining([
        'description-required',
        'unused-type',
        'snake-case-names',
        'personal-data-annotation',
      ]),
    );
  });
});

describe('the allow file', () => {
  it('silences exactly its rule at its place, not the same rule elsewhere', () => {
    const allow = allowFile([{ rule: 'auth-none', at: GET_ONE, reason: REASON }]);
    const { findings, suppressed } = lint(twoPublic(), allow);
    expect(suppressed.map((f) => [f.rule, f.at])).toEqual([['auth-none', GET_ONE]]);
    expect(findings.map((f) => [f.rule, f.at])).toEqual([['auth-none', LIST]]);
  });

  it('does not silence another rule at the same place', () => {
    const spec = specWith((s) => {
      s.resources.book.operations[0].auth = 'none';
      delete s.resources.book.operations[0].description;
    });
    const allow = allowFile([{ rule: 'auth-none', at: GET_ONE, reason: REASON }]);
    const { findings, suppressed } = lint(spec, allow);
    expect(suppressed.map((f) => [f.rule, f.at])).toEqual([['auth-none', GET_ONE]]);
    expect(findings.map((f) => [f.rule, f.at])).toEqual([['description-required', GET_ONE]]);
  });

  it('reports an entry that silences nothing, at the entry', () => {
    const allow = allowFile([
      { rule: 'auth-none', at: GET_ONE, reason: REASON },
      { rule: 'auth-none', at: at('operations.DELETE /books/:id'), reason: REASON },
    ]);
    const { findings, suppressed } = lint(twoPublic(), allow);
    expect(suppressed).toHaveLength(1);
    const unused = findings.filter((f) => f.rule === UNUSED_ALLOW_ENTRY);
    const second = allow.entries[1];
    expect(unused).toEqual([
      {
        rule: UNUSED_ALLOW_ENTRY,
        severity: 'error',
        file: ALLOW_FILE,
        path: '$[1]',
        line: second?.line,
        column: second?.column,
        message: `the allow entry for auth-none at "${at('operations.DELETE /books/:id')}" silences nothing`,
        hint: expect.stringContaining(`did you mean "${LIST}"?`),
        at: at('operations.DELETE /books/:id'),
      },
    ]);
    // Sorted by file: the allow file comes before shelf.json.
    expect(findings.map((f) => f.rule)).toEqual([UNUSED_ALLOW_ENTRY, 'auth-none']);
  });

  it('reports a duplicate entry as unused', () => {
    const entry = { rule: 'auth-none', at: GET_ONE, reason: REASON };
    const { findings } = lint(
      specWith((s) => (s.resources.book.operations[0].auth = 'none')),
      allowFile([entry, entry]),
    );
    expect(findings.map((f) => [f.rule, f.path])).toEqual([[UNUSED_ALLOW_ENTRY, '$[1]']]);
  });

  it('reports an entry naming no lint rule, with a suggestion', () => {
    const { findings } = lint(baseSpec(), allowFile([{ rule: 'auth-nones', at: GET_ONE, reason: REASON }]));
    expect(findings).toEqual([
      expect.objectContaining({
        rule: UNUSED_ALLOW_ENTRY,
        hint: expect.stringContaining('did you mean "auth-none"?'),
      }),
    ]);
  });

  it('leaves alone entries about services that were not linted, unless they do not exist', () => {
    const allow = allowFile([
      { rule: 'auth-none', at: 'orders.operations.GET /orders/:id', reason: REASON },
      { rule: 'auth-none', at: 'gone.operations.GET /gone/:id', reason: REASON },
    ]);
    expect(lint(baseSpec(), allow).findings).toEqual([]);
    const { findings } = lint(baseSpec(), allow, { services: ['shelf', 'orders'] });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: UNUSED_ALLOW_ENTRY,
        at: 'gone.operations.GET /gone/:id',
        hint: expect.stringContaining('There is no service "gone"'),
      }),
    ]);
  });

  it('when malformed, gives diagnostics instead of allowing anything', () => {
    expect(parseAllowText(ALLOW_FILE, '[{ "rule": "auth-none", ]').diagnostics).toEqual([
      expect.objectContaining({
        rule: 'allow-file',
        file: ALLOW_FILE,
        message: expect.stringContaining('malformed JSON'),
      }),
    ]);
    const missingReason = parseAllowText(ALLOW_FILE, `[\n  { "rule": "auth-none", "at": "${GET_ONE}" }\n]`);
    expect(missingReason.allow.entries).toEqual([]);
    expect(missingReason.diagnostics).toEqual([
      expect.objectContaining({
        rule: 'allow-file',
        path: '$[0]',
        line: 2,
        column: 3,
        message: expect.stringContaining('reason'),
      }),
    ]);
    expect(parseAllowText(ALLOW_FILE, '{}').diagnostics).toEqual([
      expect.objectContaining({ rule: 'allow-file', message: expect.stringContaining('JSON array') }),
    ]);
  });
});

describe('the rule registry', () => {
  const ruleFiles = readdirSync(join(ROOT, 'lib/contract/lint/rules'))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.replace(/\.ts$/, ''));

  it('has stable, unique, kebab-case ids, one file per rule, each with a description', () => {
    expect(new Set(LINT_RULE_IDS).size).toBe(LINT_RULES.length);
    expect([...LINT_RULE_IDS].sort()).toEqual([...ruleFiles].sort());
    for (const rule of LINT_RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.description.length).toBeGreaterThan(20);
    }
    expect(LINT_RULE_IDS).not.toContain(UNUSED_ALLOW_ENTRY);
  });

  it('has a test file, with passing and failing fixtures, per rule', () => {
    const tests = readdirSync(join(__dirname, 'rules')).map((f) => f.replace(/\.test\.ts$/, ''));
    expect([...tests].sort()).toEqual([...ruleFiles].sort());
  });

  it('includes at least the rules the lint contract names', () => {
    expect(LINT_RULE_IDS).toEqual(
      expect.arrayContaining([
        'snake-case-names',
        'description-required',
        'path-lowercase',
        'path-no-trailing-slash',
        'standard-responses',
        'error-response-body',
        'list-pagination',
        'personal-data-annotation',
        'auth-none',
        'unused-type',
        'inclusive-terminology',
      ]),
    );
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { specJsonSchemaText } from '../../lib/spec/json-schema';
import { expectGolden, FixtureRepo, fixture, runDev } from './helpers';

type Json = Record<string, any>;

const catalog = (): Json => JSON.parse(fixture('catalog.json'));

const repos: FixtureRepo[] = [];

/** A project repo with the catalog spec and a fresh JSON Schema, committed once. */
function project(): FixtureRepo {
  const repo = new FixtureRepo();
  repos.push(repo);
  repo.write('api-specs/catalog.json', catalog());
  repo.write('api-specs/spec.schema.json', specJsonSchemaText());
  repo.commit('catalog');
  return repo;
}

afterAll(() => {
  for (const repo of repos) repo.cleanup();
});

function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('dev --help and usage errors', () => {
  it.each([[[]], [['validate']], [['lint']], [['diff']], [['check']], [['schema']]])(
    'prints help for %j',
    (command) => {
      const run = project().dev(...command, '--help');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: dev');
      expect(run.stdout).toContain('Options:');
    },
  );

  it('rejects an unknown command with exit 2 and a pointer to help', () => {
    const run = project().dev('frobnicate');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
    expect(run.stderr).toContain('--help');
  });

  it('rejects a bad --format value with exit 2', () => {
    const run = project().dev('validate', '--format', 'xml');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'xml' is invalid");
  });

  it('requires --base for diff, exit 2', () => {
    const run = project().dev('diff');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--base <revision>');
  });

  it('says what to do outside a project: exit 2, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'not-a-project-'));
    try {
      const run = runDev(dir, ['validate']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('no api-specs/ folder');
      expectNoStackTrace(run.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dev validate', () => {
  it('passes a valid project', () => {
    const run = project().dev('validate');
    expect(run.stdout).toContain('1 spec(s) valid.');
    expect(run.code).toBe(0);
  });

  it('reports every problem with file, path, line, column and a hint (golden)', () => {
    const repo = project();
    const broken = catalog();
    broken.models.product_form.fields[1].type = 'strnig';
    broken.resources.product.operations[0].responses['404'] = { type: 'product' };
    broken.subscriptions = [{ service: 'inventroy', resource: 'item', events: ['upserted'] }];
    repo.write('api-specs/catalog.json', broken);
    const typo = catalog();
    typo.name = 'typo';
    typo.models.product.fields[1].typ = typo.models.product.fields[1].type;
    delete typo.models.product.fields[1].type;
    repo.write('api-specs/typo.json', typo);
    repo.write('api-specs/broken.json', '{\n  "name": "broken",\n  "models": {,}\n}\n');
    const run = repo.dev('validate', '--format', 'json');
    expect(run.code).toBe(1);
    expectNoStackTrace(run.stderr);
    expectGolden('validate-errors.json', run.stdout);
    const findings = JSON.parse(run.stdout) as Json[];
    expect(findings.find((f) => f.message.includes('unknown key "typ"'))?.hint).toContain(
      'did you mean "type"?',
    );
    expect(findings.find((f) => f.file === 'api-specs/broken.json')).toMatchObject({
      line: 3,
      rule: 'json-syntax',
    });
  });

  it('checks only the named files, with the rest of the project as context', () => {
    const repo = project();
    repo.write('api-specs/broken.json', '{');
    const run = repo.dev('validate', 'api-specs/catalog.json');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 spec(s) valid.');
  });

  it('reports a missing file as an error, not a crash', () => {
    const run = project().dev('validate', 'api-specs/nope.json');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('cannot read the file: no such file');
  });

  it('prints GitHub annotations', () => {
    const repo = project();
    const broken = catalog();
    broken.models.product_form.fields[1].type = 'strnig';
    repo.write('api-specs/catalog.json', broken);
    const run = repo.dev('validate', '--format', 'github');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=api-specs\/catalog\.json,line=\d+,col=\d+,title=/m);
  });
});

describe('dev lint', () => {
  function sloppy(): Json {
    const spec = catalog();
    delete spec.models.product.description;
    spec.models.product.fields.push({
      name: 'ownerEmail',
      type: 'string',
      required: false,
      description: 'Who to ask.',
    });
    spec.resources.product.operations[4].auth = 'none';
    return spec;
  }

  it('passes a clean project', () => {
    const run = project().dev('lint');
    expect(run.stdout).toContain('0 finding(s)');
    expect(run.code).toBe(0);
  });

  it('reports findings with rule ids and places (golden)', () => {
    const repo = project();
    repo.write('api-specs/catalog.json', sloppy());
    const run = repo.dev('lint', '--format', 'json');
    expect(run.code).toBe(1);
    expectGolden('lint-findings.json', run.stdout);
  });

  it('silences exactly the allowed finding and reports an entry that silences nothing', () => {
    const repo = project();
    repo.write('api-specs/catalog.json', sloppy());
    repo.write('api-specs/lint.allow.json', [
      {
        rule: 'auth-none',
        at: 'catalog.operations.DELETE /products/:id',
        reason: 'Demo endpoint, removed before launch.',
      },
      {
        rule: 'auth-none',
        at: 'catalog.operations.GET /products/:id',
        reason: 'Public catalog reads are intended.',
      },
    ]);
    const run = repo.dev('lint', '--format', 'json');
    const findings = JSON.parse(run.stdout) as Json[];
    expect(findings.some((f) => f.rule === 'auth-none')).toBe(false);
    expect(findings.filter((f) => f.rule === 'unused-allow-entry')).toHaveLength(1);
    expect(findings.find((f) => f.rule === 'unused-allow-entry')?.at).toBe(
      'catalog.operations.GET /products/:id',
    );
    expect(run.code).toBe(1);
  });

  it('does not lint an invalid spec, and says so', () => {
    const repo = project();
    repo.write('api-specs/catalog.json', '{');
    const run = repo.dev('lint');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('not linted, it is invalid');
  });
});

describe('dev diff', () => {
  function breaking(): Json {
    const spec = catalog();
    spec.models.product.fields = spec.models.product.fields.filter((f: Json) => f.name !== 'title');
    spec.models.product_form.fields.push({ name: 'vendor', type: 'string', description: 'Who sells it.' });
    spec.enums.product_state.values.push({ name: 'archived', description: 'Kept for history.' });
    spec.description = 'Owns the products that can be ordered, and their prices.';
    return spec;
  }

  it('is clean when nothing changed', () => {
    const run = project().dev('diff', '--base', 'HEAD');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No changes to the APIs.');
  });

  it('classifies changes and fails on errors (golden json)', () => {
    const repo = project();
    repo.write('api-specs/catalog.json', breaking());
    const run = repo.dev('diff', '--base', 'HEAD', '--format', 'json');
    expect(run.code).toBe(1);
    expectGolden('diff-breaking.json', run.stdout);
  });

  it('prints GitHub annotations with the spec file and line', () => {
    const repo = project();
    repo.write('api-specs/catalog.json', breaking());
    const run = repo.dev('diff', '--base', 'HEAD', '--format', 'github');
    expect(run.stdout).toMatch(/^::error file=api-specs\/catalog\.json,line=\d+/m);
    expect(run.stdout).toMatch(/^::notice /m);
  });

  it('passes warnings unless --fail-on warning', () => {
    const repo = project();
    const spec = catalog();
    spec.enums.product_state.values.push({ name: 'archived', description: 'Kept for history.' });
    repo.write('api-specs/catalog.json', spec);
    expect(repo.dev('diff', '--base', 'HEAD').code).toBe(0);
    expect(repo.dev('diff', '--base', 'HEAD', '--fail-on', 'warning').code).toBe(1);
  });

  it('accepts an allowed break and reports an allow entry that matches nothing', () => {
    const repo = project();
    const spec = catalog();
    spec.models.product.fields = spec.models.product.fields.filter((f: Json) => f.name !== 'title');
    repo.write('api-specs/catalog.json', spec);
    repo.write('api-specs/breaking-changes.allow.json', [
      {
        rule: 'response-field-removed',
        at: 'catalog.models.product.fields.title',
        reason: 'No client reads the title yet.',
      },
    ]);
    expect(repo.dev('diff', '--base', 'HEAD').code).toBe(0);
    repo.write('api-specs/catalog.json', catalog());
    const run = repo.dev('diff', '--base', 'HEAD', '--format', 'json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).map((c: Json) => c.rule)).toContain('unused-allow-entry');
  });

  it('reads the base from git history: an added spec is info, a deleted one is an error', () => {
    const repo = project();
    const added = catalog();
    added.name = 'inventory';
    repo.write('api-specs/inventory.json', added);
    const run = repo.dev('diff', '--base', 'HEAD', '--format', 'json');
    expect(run.code).toBe(0);
    expect(new Set(JSON.parse(run.stdout).map((c: Json) => c.level))).toEqual(new Set(['info']));
    repo.commit('inventory');
    repo.remove('api-specs/catalog.json');
    const removed = repo.dev('diff', '--base', 'HEAD', '--format', 'json');
    expect(removed.code).toBe(1);
    expect(JSON.parse(removed.stdout)).toEqual([
      expect.objectContaining({ rule: 'service-removed', level: 'error', service: 'catalog' }),
    ]);
  });

  it('exits 2 naming an unknown revision, without a stack trace', () => {
    const run = project().dev('diff', '--base', 'no-such-branch');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-such-branch');
    expectNoStackTrace(run.stderr);
  });
});

describe('dev check', () => {
  it('passes a clean project, diffing with HEAD~1 by default', () => {
    const repo = project();
    const spec = catalog();
    spec.resources.product.description = 'Every product of the catalog.';
    repo.write('api-specs/catalog.json', spec);
    repo.commit('describe');
    const run = repo.dev('check');
    expect(run.stdout).toContain('diff (base HEAD~1)');
    expect(run.stdout).toContain('dev check: passed.');
    expect(run.code).toBe(0);
  });

  it('with no history compares with the empty tree: everything is new', () => {
    const run = project().dev('check', '--format', 'json');
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(true);
    expect(report.diff.every((c: Json) => c.level === 'info')).toBe(true);
    expect(run.code).toBe(0);
  });

  it('fails on a stale JSON Schema', () => {
    const repo = project();
    repo.write('api-specs/spec.schema.json', '{}\n');
    const run = repo.dev('check');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('spec.schema.json is stale or missing');
  });

  it('fails on a breaking change against --base, and skips the diff of invalid specs', () => {
    const repo = project();
    const spec = catalog();
    spec.resources.product.operations.pop();
    repo.write('api-specs/catalog.json', spec);
    const breaking = repo.dev('check', '--base', 'HEAD', '--format', 'json');
    expect(breaking.code).toBe(1);
    expect(JSON.parse(breaking.stdout).diff.map((c: Json) => c.rule)).toContain('operation-removed');
    repo.write('api-specs/catalog.json', '{');
    const invalid = repo.dev('check', '--base', 'HEAD', '--format', 'json');
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout).diff).toBeNull();
  });
});

describe('dev schema', () => {
  it('writes the JSON Schema and --check verifies it', () => {
    const repo = project();
    repo.write('api-specs/spec.schema.json', '{}\n');
    expect(repo.dev('schema', '--check').code).toBe(1);
    expect(repo.dev('schema').code).toBe(0);
    expect(repo.read('api-specs/spec.schema.json')).toBe(specJsonSchemaText());
    expect(repo.dev('schema', '--check').code).toBe(0);
  });
});

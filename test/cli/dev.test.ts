import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { specJsonSchemaText } from '../../lib/contract/json-schema';
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
  it('passes a clean project, diffing with HEAD~1 by default on the default branch', () => {
    const repo = project();
    const spec = catalog();
    spec.resources.product.description = 'Every product of the catalog.';
    repo.write('api-specs/catalog.json', spec);
    repo.commit('describe');
    const run = repo.dev('check');
    expect(run.stdout).toContain('== diff (base HEAD~1, the commit before HEAD on main, the default branch)');
    expect(run.stdout).toContain('description-changed');
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

describe('dev check: the default base', () => {
  /** The catalog with a required request field renamed: breaking, and so is undoing it. */
  function renamed(): Json {
    const spec = catalog();
    const title = spec.models.product_form.fields.find((f: Json) => f.name === 'title');
    title.name = 'name';
    return spec;
  }

  /** A project on main with a second commit (so main has a parent), then a branch `feature`. */
  function branched(): { repo: FixtureRepo; fork: string } {
    const repo = project();
    const spec = catalog();
    spec.description = 'Owns the products that can be ordered, and their prices.';
    repo.write('api-specs/catalog.json', spec);
    const fork = repo.commit('describe');
    repo.git('checkout', '-q', '-b', 'feature');
    return { repo, fork };
  }

  it('passes a branch whose breaking commit was reverted: the base is the merge-base with main', () => {
    const { repo, fork } = branched();
    repo.write('api-specs/catalog.json', renamed());
    repo.commit('rename title');
    repo.git('revert', '--no-edit', 'HEAD');
    const run = repo.dev('check');
    expect(run.stdout).toContain(`== diff (base ${fork.slice(0, 7)}, the merge-base with main)`);
    expect(run.stdout).toContain('dev check: passed.');
    expect(run.code).toBe(0);
    // HEAD~1, the old default, would judge the revert alone, and fail it.
    const revertAlone = repo.dev('check', '--base', 'HEAD~1', '--format', 'json');
    expect(JSON.parse(revertAlone.stdout).diff.map((c: Json) => c.rule)).toContain(
      'request-field-added-required',
    );
    expect(revertAlone.code).toBe(1);
  });

  it('fails the same breaking commit alone on a branch, saying what to do', () => {
    const { repo, fork } = branched();
    repo.write('api-specs/catalog.json', renamed());
    repo.commit('rename title');
    const json = repo.dev('check', '--format', 'json');
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ ok: false, base: fork, base_reason: 'the merge-base with main' });
    expect(report.diff).toContainEqual(
      expect.objectContaining({
        rule: 'request-field-added-required',
        level: 'error',
        remedy: expect.stringContaining('make the field optional'),
      }),
    );
    expect(json.code).toBe(1);
    const text = repo.dev('check');
    expect(text.stdout).toMatch(
      /request-field-added-required {2}catalog\.models\.product_form\.fields\.name\n {11}api-specs\/catalog\.json:\d+:\d+\n.*\n.*\n {11}remedy: make the field optional/,
    );
    expect(text.code).toBe(1);
  });

  it('on main in a fresh clone (as CI runs) compares with HEAD~1, and a branch of it with origin/main', () => {
    const { repo } = branched();
    repo.git('checkout', '-q', 'main');
    const dir = mkdtempSync(join(tmpdir(), 'tributary-clone-'));
    try {
      const clone = join(dir, 'clone');
      repo.git('clone', '-q', repo.dir, clone);
      const onMain = runDev(clone, ['check']);
      expect(onMain.stdout).toContain(
        '(base HEAD~1, the commit before HEAD on origin/main, the default branch)',
      );
      expect(onMain.code).toBe(0);
      execFileSync('git', ['-C', clone, 'checkout', '-q', '-b', 'feature']);
      writeFileSync(join(clone, 'api-specs', 'catalog.json'), `${JSON.stringify(renamed(), null, 2)}\n`);
      const onBranch = runDev(clone, ['check']);
      expect(onBranch.stdout).toContain('the merge-base with origin/main)');
      expect(onBranch.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps --base: what it names is the base, with no reason added', () => {
    const { repo } = branched();
    const run = repo.dev('check', '--base', 'main~1', '--format', 'json');
    expect(JSON.parse(run.stdout)).toMatchObject({ base: 'main~1', base_reason: null });
    expect(repo.dev('check', '--base', 'main~1').stdout).toContain('== diff (base main~1)\n');
  });
});

describe('dev check: accepted breaks and what to do', () => {
  const ALLOW_FILE = 'api-specs/breaking-changes.allow.json';
  const REASON = 'No client reads the title yet: the app ships next month.';

  /** A committed project, then the title removed from the product and accepted in the allow file. */
  function accepting(): FixtureRepo {
    const repo = project();
    const spec = catalog();
    spec.models.product.fields = spec.models.product.fields.filter((f: Json) => f.name !== 'title');
    repo.write('api-specs/catalog.json', spec);
    repo.write(ALLOW_FILE, [
      { rule: 'response-field-removed', at: 'catalog.models.product.fields.title', reason: REASON },
    ]);
    return repo;
  }

  it('lists an accepted break with its reason and allow entry in text, and passes', () => {
    const run = accepting().dev('check', '--base', 'HEAD');
    expect(run.stdout).toContain('catalog (0 errors, 0 warnings, 0 info; 1 accepted)\n  accepted:\n');
    expect(run.stdout).toContain('  error    response-field-removed  catalog.models.product.fields.title');
    expect(run.stdout).toContain(`accepted at ${ALLOW_FILE}:2:3: ${REASON}`);
    expect(run.stdout).toContain('dev check: passed.');
    expect(run.code).toBe(0);
  });

  it('lists it in JSON as accepted (the change plus reason and entry), not in diff', () => {
    const run = accepting().dev('check', '--base', 'HEAD', '--format', 'json');
    const report = JSON.parse(run.stdout);
    expect(report.diff).toEqual([]);
    expect(report.accepted).toEqual([
      expect.objectContaining({
        rule: 'response-field-removed',
        level: 'error',
        at: 'catalog.models.product.fields.title',
        file: 'api-specs/catalog.json',
        line: expect.any(Number),
        reason: REASON,
        allow_entry: { file: ALLOW_FILE, line: 2, column: 3 },
      }),
    ]);
    expect(report.ok).toBe(true);
    expect(run.code).toBe(0);
  });

  it('makes it a notice in github output, which does not fail', () => {
    const run = accepting().dev('check', '--base', 'HEAD', '--format', 'github');
    expect(run.stdout).toMatch(
      /^::notice file=api-specs\/catalog\.json,line=\d+,col=\d+,title=response-field-removed \(accepted\)::.*%0AAccepted at api-specs\/breaking-changes\.allow\.json:2:3: No client reads the title yet/m,
    );
    expect(run.stdout).not.toMatch(/^::error/m);
    expect(run.code).toBe(0);
  });

  it('lists it in dev diff too, and counts it in the summary', () => {
    const repo = accepting();
    const text = repo.dev('diff', '--base', 'HEAD');
    expect(text.stdout).toContain(`accepted at ${ALLOW_FILE}:2:3: ${REASON}`);
    expect(text.stdout).toContain('0 error(s), 0 warning(s), 0 info(s), 1 accepted in the allow file.');
    expect(text.code).toBe(0);
    expect(repo.dev('diff', '--base', 'HEAD', '--format', 'github').stdout).toContain('(accepted)::');
    // dev diff's JSON keeps its schema, an array of the reported changes.
    expect(JSON.parse(repo.dev('diff', '--base', 'HEAD', '--format', 'json').stdout)).toEqual([]);
  });

  it('gives every finding of every section what to do, in every format', () => {
    const repo = project();
    const spec = catalog();
    spec.models.product_form.fields[1].type = 'strnig'; // invalid: validate's hint
    repo.write('api-specs/catalog.json', spec);
    const lintSpec = catalog();
    lintSpec.name = 'sloppy';
    delete lintSpec.models.product.description; // lint finding
    repo.write('api-specs/sloppy.json', lintSpec);
    const text = repo.dev('check', '--base', 'HEAD');
    expect(text.stdout).toContain('Did you mean "string"?');
    const json = JSON.parse(repo.dev('check', '--base', 'HEAD', '--format', 'json').stdout);
    expect(json.validation.length).toBeGreaterThan(0);
    expect(json.lint.length).toBeGreaterThan(0);
    for (const finding of [...json.validation, ...json.lint])
      expect(finding.hint).toEqual(expect.any(String));
    const lintHint = json.lint[0].hint as string;
    expect(text.stdout).toContain(lintHint);
    const github = repo.dev('check', '--base', 'HEAD', '--format', 'github').stdout;
    expect(github).toContain('Did you mean "string"?');
    expect(github).toContain(lintHint.replaceAll('%', '%25'));
    // Once the specs are valid and clean, the diff's findings carry their remedy in github output too.
    repo.remove('api-specs/sloppy.json');
    const removed = catalog();
    removed.resources.product.operations.pop();
    repo.write('api-specs/catalog.json', removed);
    const diffGithub = repo.dev('check', '--base', 'HEAD', '--format', 'github');
    expect(diffGithub.stdout).toMatch(
      /^::error file=api-specs\/catalog\.json,line=\d+,col=\d+,title=operation-removed::.*%0ARemedy: keep the operation/m,
    );
    expect(diffGithub.code).toBe(1);
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

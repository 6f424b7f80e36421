/**
 * The real `dev` binary on spec files no one would write on purpose: nested 100,000 levels (in the
 * working copy and at the base revision), a deep value in an otherwise valid spec, bad encodings
 * and a several-megabyte file. Each gets a located answer; none is an internal error.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_NESTING_DEPTH } from '../../lib/contract/json-limits';
import { specJsonSchemaText } from '../../lib/contract/json-schema';
import { type DevRun, FixtureRepo, fixture } from './helpers';

type Json = Record<string, any>;

const SPEC = 'api-specs/catalog.json';
const catalog = (): Json => JSON.parse(fixture('catalog.json'));
const DEEP = 100_000;
const deepText = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;

const repos: FixtureRepo[] = [];

/** A project repo with the catalog spec and a fresh JSON Schema, committed once. */
function project(): FixtureRepo {
  const repo = new FixtureRepo();
  repos.push(repo);
  repo.write(SPEC, catalog());
  repo.write('api-specs/spec.schema.json', specJsonSchemaText());
  repo.commit('catalog');
  return repo;
}

afterAll(() => {
  for (const repo of repos) repo.cleanup();
});

function expectNoCrash(run: DevRun): void {
  expect(`${run.stdout}${run.stderr}`).not.toContain('internal error');
  expect(`${run.stdout}${run.stderr}`).not.toContain('Maximum call stack');
  expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

/** The catalog with a request field whose example is `valueText`, as a file holds it. */
function withExample(valueText: string): string {
  const spec = catalog();
  spec.models.product_form.fields.push({
    name: 'attributes',
    type: 'json',
    required: false,
    description: 'Free-form attributes.',
    example: '@VALUE@',
  });
  return `${JSON.stringify(spec, null, 2).replace('"@VALUE@"', valueText)}\n`;
}

describe('a spec nested 100,000 levels deep', () => {
  const depthError = new RegExp(
    `^api-specs/catalog\\.json:1:${MAX_NESTING_DEPTH + 1} +error +arrays and objects nest deeper than ${MAX_NESTING_DEPTH} levels +\\[json-depth\\]$`,
    'm',
  );

  it('dev validate: exit 1, the place it goes too deep, its path and what to do', () => {
    const repo = project().write(SPEC, deepText);
    const run = repo.dev('validate');
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(depthError);
    expect(run.stdout).toContain(`at $${'[0]'.repeat(MAX_NESTING_DEPTH)}\n`);
    expect(run.stdout).toContain(`A spec nests at most ${MAX_NESTING_DEPTH} levels`);
    const json = JSON.parse(repo.dev('validate', '--format', 'json').stdout) as Json[];
    expect(json).toEqual([
      expect.objectContaining({ rule: 'json-depth', line: 1, column: MAX_NESTING_DEPTH + 1 }),
    ]);
  });

  it('dev lint: exit 1, naming where the spec is invalid', () => {
    const run = project().write(SPEC, deepText).dev('lint');
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `${SPEC}: not linted, it is invalid (1:${MAX_NESTING_DEPTH + 1} arrays and objects nest deeper than ${MAX_NESTING_DEPTH} levels, at $[0]`,
    );
  });

  it('dev check: exit 1 with the located diagnostic; the diff is skipped', () => {
    const run = project().write(SPEC, deepText).dev('check', '--base', 'HEAD');
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(depthError);
    expect(run.stdout).toContain('Skipped: fix the invalid specs first.');
    expect(run.stdout).toContain('dev check: FAILED.');
  });

  it('dev diff: exit 1 with a located spec-does-not-load error saying what to do', () => {
    const run = project().write(SPEC, deepText).dev('diff', '--base', 'HEAD', '--format', 'json');
    expectNoCrash(run);
    expect(run.code).toBe(1);
    const [finding] = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(finding).toMatchObject({
      rule: 'spec-does-not-load',
      level: 'error',
      file: SPEC,
      line: 1,
      column: MAX_NESTING_DEPTH + 1,
    });
    expect(String(finding?.message)).toContain(
      `arrays and objects nest deeper than ${MAX_NESTING_DEPTH} levels at $[0][0]`,
    );
    expect(String(finding?.message)).toContain('run `dev validate` and fix it');
  });

  describe('at the base revision, read through git', () => {
    /** A repo whose previous commit holds the deep spec and whose HEAD and working copy are valid. */
    function deepBase(): FixtureRepo {
      const repo = project();
      repo.write(SPEC, deepText).commit('deep');
      repo.write(SPEC, catalog()).commit('fixed');
      return repo;
    }

    it('dev diff: exit 0, an info naming the file, the revision and the problem; the repaired spec is compared as new', () => {
      const run = deepBase().dev('diff', '--base', 'HEAD~1');
      expectNoCrash(run);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('base-spec-does-not-load');
      expect(run.stdout).toContain(
        `${SPEC} does not load at revision "HEAD~1" (arrays and objects nest deeper than ${MAX_NESTING_DEPTH} levels at $[0]`,
      );
      expect(run.stdout).toContain('service-added');
    });

    it('dev check (default base HEAD~1): passes the repair, no internal error', () => {
      const run = deepBase().dev('check');
      expectNoCrash(run);
      expect(run.stdout).toContain('base-spec-does-not-load');
      expect(run.code).toBe(0);
    });
  });
});

describe('a deep value in an otherwise valid spec', () => {
  it('dev validate reports the example at its line, column and path', () => {
    const text = withExample(deepText);
    const repo = project().write(SPEC, text);
    const run = repo.dev('validate', '--format', 'json');
    expectNoCrash(run);
    expect(run.code).toBe(1);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"example": [[')) + 1;
    // The spec, models, product_form, fields and the field are 5 levels: the value's 60th array is one too many.
    const column = (lines[line - 1]?.indexOf('[') ?? 0) + 1 + MAX_NESTING_DEPTH - 5;
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({
        rule: 'json-depth',
        line,
        column,
        path: `$.models.product_form.fields[4].example${'[0]'.repeat(MAX_NESTING_DEPTH - 5)}`,
      }),
    ]);
  });

  it('one level less deep is a valid spec: validate, lint, diff and check pass', () => {
    const depth = MAX_NESTING_DEPTH - 5;
    const repo = project().write(SPEC, withExample(`${'['.repeat(depth)}${']'.repeat(depth)}`));
    for (const args of [['validate'], ['lint'], ['diff', '--base', 'HEAD'], ['check', '--base', 'HEAD']]) {
      const run = repo.dev(...args);
      expectNoCrash(run);
      expect({ args, code: run.code }).toEqual({ args, code: 0 });
    }
  });
});

describe('badly encoded spec files', () => {
  const text = fixture('catalog.json');

  it.each([
    [
      'a UTF-8 byte order mark',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      '1:1',
      /byte order mark/,
    ],
    ['UTF-16', Buffer.from(`\ufeff${text}`, 'utf16le'), '1:1', /UTF-16/],
    [
      'an invalid UTF-8 byte',
      Buffer.concat([
        Buffer.from(text.slice(0, text.indexOf('products'))),
        Buffer.from([0xe9]),
        Buffer.from(text.slice(text.indexOf('products'))),
      ]),
      '4:28',
      /not valid UTF-8 at byte offset \d+ \(0xe9/,
    ],
    ['a NUL byte', Buffer.from(text.replace('"catalog"', '"cat\u0000alog"')), '3:15', /NUL/],
  ])('%s: dev validate and dev diff name the position', (_name, bytes, position, message) => {
    const repo = project();
    writeFileSync(join(repo.dir, SPEC), bytes);
    const validate = repo.dev('validate');
    expectNoCrash(validate);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(`${SPEC}:${position}  error  `);
    expect(validate.stdout).toMatch(message);
    expect(validate.stdout).toContain('[json-encoding]');
    const diff = repo.dev('diff', '--base', 'HEAD');
    expectNoCrash(diff);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain(`${SPEC}:${position}`);
    expect(diff.stdout).toContain('spec-does-not-load');
  });
});

describe('a several-megabyte spec', () => {
  it('gets its normal diagnostics in reasonable time', () => {
    const spec = catalog();
    for (let i = 0; i < 4_000; i++) spec.models[`extra_${i}`] = structuredClone(spec.models.product);
    spec.models.extra_3999.fields[0].typ = 'string';
    const text = `${JSON.stringify(spec, null, 2)}\n`;
    expect(text.length).toBeGreaterThan(3_000_000);
    const repo = project().write(SPEC, text);
    const started = Date.now();
    const run = repo.dev('validate', '--format', 'json');
    const seconds = (Date.now() - started) / 1000;
    expectNoCrash(run);
    expect(run.code).toBe(1);
    const findings = JSON.parse(run.stdout) as Json[];
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'structure',
        path: '$.models.extra_3999.fields[0].typ',
        message: 'unknown key "typ"',
      }),
    ]);
    expect(seconds).toBeLessThan(30);
  });
});

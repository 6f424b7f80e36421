/**
 * The documentation tells the truth about the code, and the repository stands alone: every key of
 * the spec schema, every rule id and every error code is documented, every relative link resolves,
 * and nothing points outside the repository. When this fails after you added a feature, document it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { buildProgram } from '../../bin/dev';
import { ERROR_STATUS } from '../../functions/runtime/errors';
import { existingGeneratedFiles } from '../../lib/codegen/generate';
import { isGeneratedRunbook } from '../../lib/codegen/runbook';
import { RULES } from '../../lib/contract/diff/rules';
import { LINT_RULES } from '../../lib/contract/lint/rules';
import * as specSchemaModule from '../../lib/contract/schema';
import { GRAPH_RULES, SPEC_RULES } from '../../lib/contract/validate/rules';
import {
  brokenLinks,
  codeSpans,
  devCommandLines,
  devCommandProblem,
  exportedSchemas,
  fencedBlocks,
  fileBlocks,
  headingAnchors,
  headingSlug,
  layoutPatterns,
  layoutProblem,
  linesContaining,
  linesNotIn,
  linkTargets,
  outputBlocks,
  schemaObjects,
  tableKeys,
  tableLevels,
  undocumentedKeys,
  unmentioned,
} from './doc-checks';

const ROOT = join(__dirname, '..', '..');
const DOCS = join(ROOT, 'docs');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const specFormat = read('docs/spec-format.md');
const breakingChanges = read('docs/breaking-changes.md');
const design = read('docs/design.md');

/** Every markdown file of docs/, recursively. */
function docsFiles(dir = DOCS): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return docsFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** Rule ids the spec tools report outside the rule registries, as literals in lib/contract (`rule: 'structure'`). */
function literalRuleIds(): string[] {
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', 'lib/contract'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((file) => file.endsWith('.ts'));
  const ids = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = read(file);
    } catch {
      continue; // listed by git but deleted in the working copy
    }
    for (const match of text.matchAll(/\brule:\s*'([a-z][a-z0-9-]*)'/g)) if (match[1]) ids.add(match[1]);
    // The reasons a file cannot be read as JSON (source.ts): `type JsonReadRule = 'json-syntax' | ...`.
    const readRules = /type JsonReadRule\s*=\s*([^;]+);/.exec(text)?.[1];
    for (const match of readRules?.matchAll(/'([a-z][a-z0-9-]*)'/g) ?? []) if (match[1]) ids.add(match[1]);
  }
  return [...ids].sort();
}

describe('the doc checkers', () => {
  it('find every object schema reached, through wrappers, named by meta id or path', () => {
    const inner = z.strictObject({ leaf: z.string() }).meta({ id: 'innerThing' });
    const schema = z.strictObject({
      listed: z.array(inner).optional(),
      mapped: z.record(z.string(), z.object({ in_record: z.number() })),
      either: z.union([z.object({ in_union: z.boolean() }), z.string()]),
      lazy: z.lazy(() => z.object({ in_lazy: z.string() })),
      piped: z.string().pipe(z.string()),
      defaulted: z.object({ in_default: z.string() }).default({ in_default: 'x' }),
    });
    const objects = schemaObjects(new Map([['root', schema]]));
    expect(objects.map((o) => `${o.where}: ${o.keys.join(',')}`).sort()).toEqual([
      'innerThing: leaf',
      'root.defaulted: in_default',
      'root.either: in_union',
      'root.lazy: in_lazy',
      'root.mapped: in_record',
      'root: listed,mapped,either,lazy,piped,defaulted',
    ]);
  });

  it("want all of an object's keys in one table, and say which are missing", () => {
    const doc = [
      '| key | meaning |',
      '| --- | --- |',
      '| `name` | the name |',
      '| `type` | the type |',
      '',
      'the `required` key, in prose only',
      '',
      '| `name` | x |',
      '| `required` | y |',
    ].join('\n');
    const tables = tableKeys(doc);
    expect(tables.map((t) => [...t])).toEqual([
      ['name', 'type'],
      ['name', 'required'],
    ]);
    expect(undocumentedKeys({ where: 'a', keys: ['name', 'type'] }, tables)).toEqual([]);
    expect(undocumentedKeys({ where: 'b', keys: ['name', 'type', 'required'] }, tables)).toEqual([
      'required',
    ]);
    expect(undocumentedKeys({ where: 'c', keys: ['other'] }, tables)).toEqual(['other']);
    expect(undocumentedKeys({ where: 'd', keys: ['$schema'] }, tableKeys('| `$schema` | x |'))).toEqual([]);
  });

  it('keep only zod schemas among exports', () => {
    const found = exportedSchemas({ a: z.string(), b: ['GET'], c: 'text', d: z.object({}) });
    expect([...found.keys()]).toEqual(['a', 'd']);
  });

  it('list ids that are not mentioned as code', () => {
    expect(unmentioned('`auth-none` and auth-none-2', ['auth-none', 'auth-none-2', 'bounds'])).toEqual([
      'auth-none-2',
      'bounds',
    ]);
  });

  it('read the level of each rule row', () => {
    const levels = tableLevels('| id | level |\n| `service-added` † | info |\n| `x` | error | y |\ntext');
    expect(levels.get('service-added')).toBe('info');
    expect(levels.get('x')).toBe('error');
    expect(levels.has('id')).toBe(false);
  });

  it('find link targets outside code only', () => {
    const markdown = [
      '[a](a.md) and ![img](img.png "title") and [web](https://example.com)',
      'inline `[not](code.md)`',
      '```',
      '[not](fenced.md)',
      '```',
      '[ref]: ref.md',
    ].join('\n');
    expect(linkTargets(markdown)).toEqual(['a.md', 'img.png', 'https://example.com', 'ref.md']);
  });

  it('make GitHub heading anchors', () => {
    expect(headingSlug('Writes, versions and hash_code')).toBe('writes-versions-and-hash_code');
    expect(headingSlug('`dev up` options')).toBe('dev-up-options');
    expect(headingSlug('Models, fields and parameters')).toBe('models-fields-and-parameters');
    expect([...headingAnchors('# A\n## A\n```\n# not a heading\n```\n### B c')]).toEqual(['a', 'a-1', 'b-c']);
    expect([...headingAnchors('## 1. A `dev up` run: `catalog`')]).toEqual(['1-a-dev-up-run-catalog']);
  });

  it('report a missing file, a missing anchor and a link out of the repository', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-check-'));
    try {
      writeFileSync(join(dir, 'other.md'), '# Title\n## Some part\n');
      writeFileSync(
        join(dir, 'index.md'),
        [
          '[ok](other.md) [ok too](other.md#some-part) [self](#here) [web](https://example.com)',
          '[gone](missing.md) [no anchor](other.md#nothing) [out](../elsewhere.md) [no self](#nowhere)',
          '## Here',
        ].join('\n'),
      );
      expect(brokenLinks(join(dir, 'index.md'), dir)).toEqual([
        'missing.md: missing.md does not exist',
        'other.md#nothing: other.md has no heading #nothing',
        '../elsewhere.md: points outside the repository',
        '#nowhere: index.md has no heading #nowhere',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('find the lines that contain a needle', () => {
    expect(linesContaining('a\nsee x/y here\nb', ['x/y'])).toEqual(['2: see x/y here']);
    expect(linesContaining('nothing', ['x/y'])).toEqual([]);
  });

  it('read fenced blocks with their info string attributes, and refuse what they cannot read', () => {
    const markdown = [
      'text',
      '```ts file=functions/a/handlers/x.ts',
      'const a = 1;',
      '```',
      '````text output=step',
      '```',
      'inner',
      '````',
      '~~~',
      'plain',
      '~~~',
    ].join('\n');
    expect(fencedBlocks(markdown)).toEqual([
      {
        language: 'ts',
        attributes: { file: 'functions/a/handlers/x.ts' },
        content: 'const a = 1;\n',
        line: 2,
      },
      { language: 'text', attributes: { output: 'step' }, content: '```\ninner\n', line: 5 },
      { language: '', attributes: {}, content: 'plain\n', line: 9 },
    ]);
    expect(fileBlocks(markdown).map((block) => block.path)).toEqual(['functions/a/handlers/x.ts']);
    expect([...outputBlocks(markdown).keys()]).toEqual(['step']);
    expect(() => fencedBlocks('```ts\nnever closed\n')).toThrow('line 1: code block never closed');
    expect(() => fencedBlocks('```ts file=\n```\n')).toThrow('is not key=value');
    expect(() => fileBlocks('```ts file=a.ts\n```\n```ts file=a.ts\n```\n')).toThrow(
      'line 3: a.ts is already the block at line 1',
    );
    expect(() => outputBlocks('```text output=x\n```\n```text output=x\n```\n')).toThrow('output block');
  });

  it('say which shown output lines were not printed', () => {
    expect(linesNotIn('  a\n\n...\nb', 'x\na  \nb')).toEqual([]);
    expect(linesNotIn('a\nc', 'a\nb')).toEqual(['c']);
  });

  it('find code spans outside fenced blocks, whatever their backticks', () => {
    expect(codeSpans('a `one` and ``two `x` two`` and `` `three` ``\n```\n`not`\n```\n')).toEqual([
      'one',
      'two `x` two',
      '`three`',
    ]);
  });

  it('hold paths under functions/ to the layout of lib/codegen/layout.ts', () => {
    const patterns = layoutPatterns(['service.ts', 'testing/fake.ts']);
    const onDisk = new Set(['functions/runtime/errors.ts', 'functions/orders', 'functions/orders/handlers']);
    const problem = (path: string) => layoutProblem(path, patterns, (p) => onDisk.has(p));
    for (const good of [
      'functions/',
      'functions/<service>/',
      'functions/<service>/handlers/<operation>.ts',
      'functions/<service>/handlers/<kebab-case operation id>.ts',
      'functions/<service>/subscribers/<publisher>-<resource>.ts',
      'functions/<service>/generated/',
      'functions/<service>/generated/service.ts',
      'functions/<service>/generated/testing/',
      'functions/<service>/generated/lambdas/<operation>.ts',
      'functions/<service>/generated/lambdas/on-<publisher>-<resource>.ts',
      'functions/<service>/domain/',
      'functions/inventory/domain/stock.ts',
      'functions/inventory/handlers/count-stock-item.ts',
      'functions/runtime/errors.ts',
      'functions/orders/handlers/',
    ]) {
      expect([good, problem(good)]).toEqual([good, undefined]);
    }
    expect(problem('functions/<service>/service.ts')).toMatch(/not a place/);
    expect(problem('functions/<service>/implementations.ts')).toMatch(/not a place/);
    expect(problem('functions/<service>/generated/fakes.ts')).toMatch(/not a place/);
    expect(problem('functions/<service>/subscribers/<publisher>.ts')).toMatch(/not a place/);
    expect(problem('functions/<service>/lambdas/<operation>.ts')).toMatch(/not a place/);
    expect(problem('functions/runtime/gone.ts')).toMatch(/no such file/);
    expect(problem('functions/orders/handlers/get-order.ts')).toMatch(/no such file/);
  });

  it('hold dev command lines to the CLI: its commands, subcommands and options', () => {
    const program = new Command('dev');
    program.command('up').option('--port <n>').option('--no-synth');
    program.command('events').command('match').option('--pattern <file>');
    const markdown = [
      '`dev up --port 4000` and `npx dev up --no-synth` and `dev <command>` and `dev` and `devices`',
      '```sh',
      'npx dev events match --pattern p.json   # --not-an-option in a comment',
      'npx dev down',
      'npx dev up --ports 1',
      'npx dev events nope',
      '```',
    ].join('\n');
    const lines = devCommandLines(markdown);
    expect(lines).toEqual([
      'up --port 4000',
      'up --no-synth',
      '<command>',
      'events match --pattern p.json',
      'down',
      'up --ports 1',
      'events nope',
    ]);
    expect(lines.map((line) => devCommandProblem(line, program))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'dev down: no command down',
      'dev up --ports 1: up has no option --ports',
      'dev events nope: events has no subcommand nope',
    ]);
  });
});

describe('docs/spec-format.md', () => {
  const objects = schemaObjects(exportedSchemas(specSchemaModule));

  it('walks a schema that has the objects people rely on (so an empty walk cannot pass)', () => {
    const where = objects.map((o) => o.where);
    expect(where).toEqual(
      expect.arrayContaining(['specSchema', 'operation', 'subscription', 'call', 'field']),
    );
    const operation = objects.find((o) => o.where === 'operation');
    expect(operation?.keys).toEqual(expect.arrayContaining(['calls', 'table_access']));
  });

  it('documents every key of every object of the zod spec schema, each object in one table', () => {
    const tables = tableKeys(specFormat);
    const missing = objects.flatMap((object) => {
      const keys = undocumentedKeys(object, tables);
      return keys.length === 0 ? [] : [`${object.where}: ${keys.join(', ')}`];
    });
    expect(missing).toEqual([]);
  });

  it('lists every validation rule id', () => {
    const ids = [...SPEC_RULES, ...GRAPH_RULES].map((rule) => rule.id);
    expect(ids.length).toBeGreaterThan(20);
    expect(unmentioned(specFormat, ids)).toEqual([]);
  });

  it('lists every id the spec tools report besides the rules (reading, structure, allow files)', () => {
    const diffIds = new Set(Object.keys(RULES));
    const ids = literalRuleIds().filter((id) => !diffIds.has(id));
    expect(ids).toEqual(expect.arrayContaining(['json-syntax', 'json-encoding', 'structure', 'allow-file']));
    expect(unmentioned(specFormat, ids)).toEqual([]);
  });

  it('lists every lint rule id', () => {
    const ids = [...LINT_RULES.map((rule) => rule.id), 'unused-allow-entry'];
    expect(unmentioned(specFormat, ids)).toEqual([]);
  });
});

describe('docs/breaking-changes.md', () => {
  it('has a row for every rule dev diff reports, at the level the code gives it', () => {
    const levels = tableLevels(breakingChanges);
    const wrong = Object.entries(RULES)
      .filter(([id, rule]) => levels.get(id) !== rule.level)
      .map(([id, rule]) => `${id}: documented ${levels.get(id) ?? 'nowhere'}, code ${rule.level}`);
    expect(wrong).toEqual([]);
  });

  it('names every rule id the diff code uses', () => {
    const diffIds = literalRuleIds().filter((id) => Object.hasOwn(RULES, id));
    expect(diffIds.length).toBeGreaterThan(5);
    expect(unmentioned(breakingChanges, diffIds)).toEqual([]);
  });
});

describe('docs/design.md', () => {
  it('lists every generic_error code with its status', () => {
    const levels = tableLevels(design);
    const wrong = Object.entries(ERROR_STATUS)
      .filter(([code, status]) => levels.get(code) !== String(status))
      .map(([code, status]) => `${code}: documented ${levels.get(code) ?? 'nowhere'}, code ${status}`);
    expect(wrong).toEqual([]);
  });
});

describe('links', () => {
  const files = [join(ROOT, 'README.md'), ...docsFiles()];

  it('covers README.md and every doc', () => {
    expect(files.map((file) => file.slice(ROOT.length + 1)).sort()).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/README.md',
        'docs/breaking-changes.md',
        'docs/design.md',
        'docs/local-runtime.md',
        'docs/spec-format.md',
      ]),
    );
  });

  it.each(files.map((file) => [file.slice(ROOT.length + 1), file]))(
    'every relative link of %s resolves inside the repository',
    (_name, file) => {
      expect(brokenLinks(file, ROOT)).toEqual([]);
    },
  );

  it('README.md links to each doc (but the runbooks `dev generate` writes, which docs/operations.md introduces)', () => {
    const targets = linkTargets(read('README.md'));
    for (const doc of docsFiles()) {
      if (isGeneratedRunbook(readFileSync(doc, 'utf8'))) continue;
      expect(targets).toContain(doc.slice(ROOT.length + 1));
    }
  });
});

describe('the repository stands alone', () => {
  // Spelled in parts so that this file does not match itself.
  const OUTSIDE = [['..', 'shared', ''].join('/'), ['', 'work', 'shared', ''].join('/')];

  it('no file points to the design notes outside the repository', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    const files = new Set([...tracked, 'README.md', ...docsFiles().map((f) => f.slice(ROOT.length + 1))]);
    const found: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = read(file);
      } catch {
        continue; // tracked but deleted in the working copy
      }
      if (text.includes('\0')) continue; // binary
      found.push(...linesContaining(text, OUTSIDE).map((line) => `${file}:${line}`));
    }
    expect(found).toEqual([]);
  });
});

describe('paths and commands the docs name', () => {
  const docs = [join(ROOT, 'README.md'), ...docsFiles()].map((file) => ({
    name: file.slice(ROOT.length + 1),
    text: readFileSync(file, 'utf8'),
  }));

  it('name every path under functions/ where lib/codegen/layout.ts puts it', () => {
    const prefix = /^functions\/[^/]+\/generated\//;
    const generated = [...new Set(existingGeneratedFiles(ROOT).map((file) => file.replace(prefix, '')))];
    expect(generated).toEqual(
      expect.arrayContaining(['service.ts', 'implementations.ts', 'testing/index.ts']),
    );
    const patterns = layoutPatterns(generated);
    const named = docs.flatMap(({ name, text }) =>
      codeSpans(text).flatMap((span) => {
        // The path a span starts with (`functions/x.ts: stale` names functions/x.ts); placeholders may hold spaces.
        const path = /^functions(?:\/(?:[^\s/<>]|<[^>]*>)*)*/.exec(span)?.[0].replace(/[:.,]$/, '');
        return path === undefined ? [] : [{ name, span: path }];
      }),
    );
    expect(named.length).toBeGreaterThan(10);
    const problems = named.flatMap(({ name, span }) => {
      const problem = layoutProblem(span, patterns, (path) => existsSync(join(ROOT, path)));
      return problem === undefined ? [] : [`${name}: ${problem}`];
    });
    expect(problems).toEqual([]);
  });

  it('show only dev commands and options the CLI has', () => {
    const program = buildProgram();
    const lines = docs.flatMap(({ name, text }) => devCommandLines(text).map((line) => ({ name, line })));
    expect(lines.length).toBeGreaterThan(20);
    const problems = lines.flatMap(({ name, line }) => {
      const problem = devCommandProblem(line, program);
      return problem === undefined ? [] : [`${name}: ${problem}`];
    });
    expect(problems).toEqual([]);
  });
});

/**
 * The delivery pipeline is files (.github/workflows/), which cannot run here: each is parsed and
 * converted by GitHub's own workflow parser (@actions/workflow-parser, the one behind the Actions
 * language service), which must find no error, and its jobs and steps must be the ones the
 * pipeline needs (docs/operations.md#continuous-delivery).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');

type Json = Record<string, any>;

interface Parser {
  parseWorkflow(file: { name: string; content: string }, trace: unknown): { context: any; value: any };
  convertWorkflowTemplate(context: unknown, root: unknown): Promise<Json>;
  NoOperationTraceWriter: new () => unknown;
}

/**
 * The parser is an ES module that imports its JSON schema without an import attribute, which Node
 * refuses and jest cannot load: esbuild makes one CommonJS file of it first.
 */
function loadParser(dir: string): Parser {
  const out = buildSync({
    stdin: { contents: "export * from '@actions/workflow-parser';", resolveDir: ROOT },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  const file = join(dir, 'workflow-parser.cjs');
  writeFileSync(file, out.outputFiles[0]?.text ?? '');
  return require(file) as Parser;
}

/** `${{ <text> }}`, a workflow expression as written. */
const expr = (text: string) => `\${{ ${text} }}`;

/**
 * A parsed template token as plain data (from the tokens' own JSON form): mappings to objects,
 * sequences to arrays, expressions as written, scalars as strings.
 */
function plain(token: any): unknown {
  if (token === null || typeof token !== 'object') return token;
  if (Array.isArray(token.map)) {
    return Object.fromEntries(token.map.map((entry: Json) => [plain(entry.Key), plain(entry.Value)]));
  }
  if (Array.isArray(token.seq)) return token.seq.map(plain);
  if (typeof token.expr === 'string') return expr(token.expr);
  if ('value' in token) return token.value;
  return token;
}

interface Parsed {
  /** Every error the parser and the conversion found. */
  readonly errors: string[];
  /** The workflow as written. */
  readonly workflow: Json;
  /** The workflow as GitHub runs it: events and jobs with their steps. */
  readonly template: Json;
}

let dir: string;
let parser: Parser;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-workflows-'));
  parser = loadParser(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function parse(name: string, content: string): Promise<Parsed> {
  const result = parser.parseWorkflow({ name, content }, new parser.NoOperationTraceWriter());
  const errors: string[] = result.context.errors.getErrors().map((e: { message: string }) => e.message);
  const template = result.value ? await parser.convertWorkflowTemplate(result.context, result.value) : {};
  return {
    // The conversion repeats the parser's errors: each once.
    errors: [
      ...new Set([
        ...errors,
        ...((template.errors as Array<{ Message: string }> | undefined) ?? []).map((e) => e.Message),
      ]),
    ],
    workflow: plain(JSON.parse(JSON.stringify(result.value ?? null))) as Json,
    template,
  };
}

async function workflow(name: string): Promise<Parsed> {
  return parse(name, readFileSync(join(WORKFLOWS, name), 'utf8'));
}

/** A job as written, by id. */
function job(parsed: Parsed, id: string): Json {
  const found = parsed.workflow.jobs?.[id];
  if (!found) throw new Error(`no job ${id}`);
  return found;
}

const runs = (j: Json): string[] => (j.steps as Json[]).map((step) => step.run).filter(Boolean);
const uses = (j: Json): string[] => (j.steps as Json[]).map((step) => step.uses).filter(Boolean);
const actionName = (ref: string) => ref.split('@')[0];

describe('the workflow parser', () => {
  it.each([
    ['an unknown key', 'on: push', '    nonsense: 1', '      - run: echo', "Unexpected value 'nonsense'"],
    ['an unknown event', 'on: pushh', '', '      - run: echo', "Unexpected value 'pushh'"],
    [
      'a broken expression',
      'on: push',
      '',
      `      - run: echo ${expr('github.')}`,
      "Unexpected symbol: 'EOF'",
    ],
  ])('finds %s (so that its silence on ours means something)', async (_what, on, extra, step, message) => {
    const lines = [on, 'jobs:', '  a:', '    runs-on: ubuntu-latest', extra, '    steps:', step, ''];
    const parsed = await parse(
      'broken.yml',
      lines.filter((line, i) => line !== '' || i === lines.length - 1).join('\n'),
    );
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toContain(message);
  });
});

describe.each(['ci.yml', 'pr-stage.yml', 'deploy-prod.yml'])('.github/workflows/%s', (name) => {
  it('parses and converts without an error', async () => {
    const parsed = await workflow(name);
    expect(parsed.errors).toEqual([]);
    expect(parsed.template.jobs.length).toBeGreaterThan(0);
  });

  it('installs with npm ci on Node.js 24 in every job, and stores no AWS key', async () => {
    const parsed = await workflow(name);
    for (const [id, j] of Object.entries(parsed.workflow.jobs as Record<string, Json>)) {
      expect([id, runs(j).some((run) => run.startsWith('npm ci'))]).toEqual([id, true]);
      const node = (j.steps as Json[]).find((step) => actionName(step.uses ?? '') === 'actions/setup-node');
      expect([id, node?.with?.['node-version']]).toEqual([id, '24']);
    }
    const text = readFileSync(join(WORKFLOWS, name), 'utf8');
    expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\./);
  });
});

describe('ci.yml', () => {
  it('runs on every pull request: npm ci, npm test, then dev check against the target branch as annotations', async () => {
    const parsed = await workflow('ci.yml');
    expect(Object.keys(parsed.template.events)).toContain('pull_request');
    const test = job(parsed, 'test');
    const steps = runs(test);
    expect(steps).toEqual([
      'npm ci --no-audit --no-fund',
      'npm test',
      'npx dev check --base "origin/$BASE" --format github',
    ]);
    const check = (test.steps as Json[]).find((step) => String(step.run).startsWith('npx dev check'));
    expect(check?.env).toEqual({ BASE: expr('github.base_ref') });
    expect(check?.if).toContain("github.event_name == 'pull_request'");
    // The diff needs the target branch's history.
    const checkout = (test.steps as Json[]).find(
      (step) => actionName(step.uses ?? '') === 'actions/checkout',
    );
    expect(checkout?.with?.['fetch-depth']).toBe('0');
    expect(parsed.workflow.permissions).toEqual({ contents: 'read' });
  });
});

describe('pr-stage.yml', () => {
  it('deploys the stage pr-<number> while the request is open, with OIDC credentials', async () => {
    const parsed = await workflow('pr-stage.yml');
    expect(parsed.workflow.on.pull_request.types).toEqual(['opened', 'reopened', 'synchronize', 'closed']);
    expect(parsed.workflow.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    const deploy = job(parsed, 'deploy');
    expect(deploy.if).toContain("github.event.action != 'closed'");
    expect(runs(deploy)).toContain('npx dev deploy --stage "pr-$PR"');
    const step = (deploy.steps as Json[]).find((s) => s.run === 'npx dev deploy --stage "pr-$PR"');
    expect(step?.env).toEqual({ PR: expr('github.event.pull_request.number') });
    expect(uses(deploy).map(actionName)).toContain('aws-actions/configure-aws-credentials');
  });

  it('removes the stage when the request closes, from its last commit', async () => {
    const parsed = await workflow('pr-stage.yml');
    const remove = job(parsed, 'remove');
    expect(remove.if).toContain("github.event.action == 'closed'");
    expect(runs(remove)).toContain('npx dev destroy "pr-$PR"');
    const checkout = (remove.steps as Json[]).find((s) => actionName(s.uses ?? '') === 'actions/checkout');
    expect(checkout?.with?.ref).toBe(expr('github.event.pull_request.head.sha'));
  });

  it('runs no stage for a request from a fork, and one deploy or removal of a stage at a time', async () => {
    const parsed = await workflow('pr-stage.yml');
    for (const id of ['deploy', 'remove']) {
      expect(job(parsed, id).if).toContain(
        'github.event.pull_request.head.repo.full_name == github.repository',
      );
    }
    expect(parsed.workflow.concurrency).toEqual({
      // As the parser reads it: `pr-stage-${{ github.event.pull_request.number }}`.
      group: expr("format('pr-stage-{0}', github.event.pull_request.number)"),
      'cancel-in-progress': false,
    });
  });
});

describe('deploy-prod.yml', () => {
  it('deploys prod from main after the tests pass, with a role assumed through OIDC', async () => {
    const parsed = await workflow('deploy-prod.yml');
    expect(parsed.workflow.on.push.branches).toEqual(['main']);
    expect(runs(job(parsed, 'test'))).toContain('npm test');
    const deploy = job(parsed, 'deploy');
    expect(deploy.needs).toBe('test');
    expect(deploy.environment).toEqual({ name: 'production' });
    expect(deploy.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    const credentials = (deploy.steps as Json[]).find(
      (s) => actionName(s.uses ?? '') === 'aws-actions/configure-aws-credentials',
    );
    expect(credentials?.with?.['role-to-assume']).toBe(expr('vars.AWS_PROD_ROLE_ARN'));
    expect(Object.keys(credentials?.with ?? {})).not.toContain('aws-access-key-id');
    expect(runs(deploy)).toEqual(['npm ci --no-audit --no-fund', 'npx dev deploy --stage prod --yes']);
    // Only the deploy job may ask for an OIDC token.
    expect(parsed.workflow.permissions).toEqual({ contents: 'read' });
    expect(parsed.workflow.concurrency).toEqual({ group: 'deploy-prod', 'cancel-in-progress': false });
  });
});

/**
 * "A new service is a new spec": in a scratch copy of the project, two services nobody wrote code
 * for are added (a plain CRUD `catalog`, and an `inventory` with one custom operation and a
 * subscription to catalog). `dev generate` writes their wiring and scaffolds exactly what a person
 * must write, never overwriting what a person wrote; the stubs type-check, `dev check` lists them,
 * and an implementation returning a body of the wrong shape fails the type check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT, ScratchProject } from '../support/scratch-project';

const FIXTURES = join(PROJECT, 'test', 'fixtures', 'services');

jest.setTimeout(180_000);

let scratch: ScratchProject;
let generated: ReturnType<ScratchProject['dev']>;

beforeAll(() => {
  scratch = new ScratchProject({ specs: [join(FIXTURES, 'catalog.json'), join(FIXTURES, 'inventory.json')] });
  generated = scratch.dev('generate');
});
afterAll(() => scratch?.cleanup());

const COUNT_STUB = 'functions/inventory/handlers/count-stock-item.ts';
const SUBSCRIBER_STUB = 'functions/inventory/subscribers/catalog-product.ts';

describe('dev generate on new specs', () => {
  it('succeeds, writing the wiring of both services and a stub for each thing to write', () => {
    expect(generated.code).toBe(0);
    expect(generated.output).toContain(`${COUNT_STUB}: stub created, yours to write`);
    expect(generated.output).toContain(`${SUBSCRIBER_STUB}: stub created, yours to write`);
    for (const file of [
      'functions/catalog/generated/service.ts',
      'functions/catalog/generated/implementations.ts',
      'functions/catalog/generated/lambdas/get-product.ts',
      'functions/catalog/generated/lambdas/list-products.ts',
      'functions/catalog/generated/lambdas/create-product.ts',
      'functions/catalog/generated/lambdas/replace-product.ts',
      'functions/catalog/generated/lambdas/delete-product.ts',
      'functions/inventory/generated/lambdas/count-stock-item.ts',
      'functions/inventory/generated/lambdas/on-catalog-product.ts',
    ]) {
      expect(scratch.exists(file)).toBe(true);
    }
  });

  it('scaffolds nothing for a plain CRUD service: every operation is standard', () => {
    expect(scratch.writtenFiles('catalog')).toEqual([]);
  });

  it('scaffolds exactly the custom operation and the subscriber of inventory', () => {
    expect(scratch.writtenFiles('inventory')).toEqual([SUBSCRIBER_STUB, COUNT_STUB].sort());
    expect(scratch.read(COUNT_STUB)).toContain('throw notImplemented(');
    expect(scratch.read(SUBSCRIBER_STUB)).toMatch(
      /export async function onUpserted\(\s*_current: ProductRead/,
    );
    expect(scratch.read(SUBSCRIBER_STUB)).toMatch(/export async function onDeleted\(\s*_id: string/);
  });

  it('type-checks as scaffolded', () => {
    const tsc = scratch.typecheck();
    expect(tsc.output).toBe('');
    expect(tsc.code).toBe(0);
  });

  it('is then up to date, and a second run changes nothing', () => {
    expect(scratch.dev('generate', '--check').code).toBe(0);
    const again = scratch.dev('generate');
    expect(again.code).toBe(0);
    expect(again.output).toMatch(/Generated code is up to date|Wrote 0 and removed 0/);
  });

  it('never overwrites a file a person wrote', () => {
    const mine = `${scratch.read(COUNT_STUB)}\n// mine\n`;
    scratch.write(COUNT_STUB, mine);
    expect(scratch.dev('generate').code).toBe(0);
    expect(scratch.read(COUNT_STUB)).toBe(mine);
  });

  it('lists every stub still in place as a warning of dev check, naming its file', () => {
    const git = (...args: string[]) => spawnSync('git', args, { cwd: scratch.dir, encoding: 'utf8' });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'scratch');
    const check = scratch.dev('check', '--base', 'HEAD', '--format', 'json');
    const report = JSON.parse(check.output.slice(check.output.indexOf('{')));
    expect(report.stubs.map((stub: { file: string }) => stub.file)).toEqual(
      [SUBSCRIBER_STUB, COUNT_STUB].sort(),
    );
    expect(report.stubs.every((stub: { level: string }) => stub.level === 'warning')).toBe(true);
  });

  it('holds a written implementation to its operation: a body of the wrong shape fails the type check', () => {
    const stub = scratch.read(COUNT_STUB);
    scratch.write(
      COUNT_STUB,
      stub.replace(/throw notImplemented\([^)]*\);/, "return { status: 200, body: { count: 'many' } };"),
    );
    const tsc = scratch.typecheck();
    expect(tsc.code).not.toBe(0);
    expect(tsc.output).toContain('count-stock-item.ts');
    // An undeclared status fails too.
    scratch.write(COUNT_STUB, stub.replace(/throw notImplemented\([^)]*\);/, 'return { status: 201 };'));
    expect(scratch.typecheck().output).toContain('count-stock-item.ts');
    scratch.write(COUNT_STUB, stub);
    expect(scratch.typecheck().code).toBe(0);
  });
});

describe('dev generate on an invalid spec', () => {
  it('writes nothing and prints the located diagnostics', () => {
    const broken = new ScratchProject({ reference: false, specs: [join(FIXTURES, 'catalog.json')] });
    try {
      broken.write(
        'api-specs/catalog.json',
        broken.read('api-specs/catalog.json').replace('"type": "product_status"', '"type": "product_statuz"'),
      );
      const run = broken.dev('generate');
      expect(run.code).toBe(1);
      expect(run.output).toMatch(/api-specs\/catalog\.json:\d+:\d+ +error +unknown type "product_statuz"/);
      expect(existsSync(broken.path('functions/catalog'))).toBe(false);
    } finally {
      broken.cleanup();
    }
  });
});

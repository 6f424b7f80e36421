import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const PROJECT = join(__dirname, '..', '..');
const DEV = join(PROJECT, 'bin', 'dev.cjs');
export const FIXTURES = join(PROJECT, 'test', 'fixtures', 'cli');

export interface DevRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/** Runs the real `dev` CLI as a user would, in `cwd`. */
export function runDev(cwd: string, args: readonly string[]): DevRun {
  const result = spawnSync(process.execPath, [DEV, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
}

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** A throwaway git repository holding a Tributary project. */
export class FixtureRepo {
  readonly dir = mkdtempSync(join(tmpdir(), 'tributary-cli-'));

  constructor() {
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'test@example.com');
    this.git('config', 'user.name', 'Test');
    this.git('config', 'commit.gpgsign', 'false');
    mkdirSync(join(this.dir, 'api-specs'));
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-C', this.dir, ...args], { encoding: 'utf8' });
  }

  write(path: string, content: string | object): this {
    const file = join(this.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
    return this;
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  remove(path: string): this {
    rmSync(join(this.dir, path));
    return this;
  }

  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  dev(...args: string[]): DevRun {
    return runDev(this.dir, args);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Compares with a golden file in test/fixtures/cli/golden/, written when UPDATE_GOLDEN=1.
 * Golden files are reviewed in diffs like code.
 */
export function expectGolden(name: string, actual: string): void {
  const file = join(FIXTURES, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual.endsWith('\n') ? actual : `${actual}\n`);
  }
  const want = readFileSync(file, 'utf8');
  expect(actual.endsWith('\n') ? actual : `${actual}\n`).toBe(want);
}

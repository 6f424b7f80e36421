/**
 * A scratch copy of this project in the temp folder, as a team that adopts Tributary would have it:
 * its own api-specs/ (the reference specs or not, plus any others), its own functions/ (the shared
 * runtime and the reference services' written files), bin/, cdk.json, tsconfig.json and lock file;
 * lib/ and node_modules are linked from this project. `dev`, `tsc` and the CDK app run in it for real.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export const PROJECT = join(__dirname, '..', '..');

export interface ScratchOptions {
  /** Copy the reference specs and their written files (default true). */
  readonly reference?: boolean;
  /** Spec files to add to api-specs/ (absolute paths). */
  readonly specs?: readonly string[];
}

export interface RunResult {
  readonly code: number | null;
  readonly output: string;
}

function result(run: SpawnSyncReturns<string>): RunResult {
  return { code: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

export class ScratchProject {
  readonly dir = mkdtempSync(join(tmpdir(), 'tributary-scratch-'));

  constructor(options: ScratchOptions = {}) {
    const reference = options.reference ?? true;
    for (const link of ['lib', 'packages', 'node_modules'])
      symlinkSync(join(PROJECT, link), join(this.dir, link), 'dir');
    for (const file of ['cdk.json', 'tsconfig.json', 'package.json', 'package-lock.json', 'biome.json']) {
      cpSync(join(PROJECT, file), join(this.dir, file));
    }
    cpSync(join(PROJECT, 'bin'), join(this.dir, 'bin'), { recursive: true });
    mkdirSync(join(this.dir, 'api-specs'));
    cpSync(join(PROJECT, 'api-specs', 'spec.schema.json'), join(this.dir, 'api-specs', 'spec.schema.json'));
    mkdirSync(join(this.dir, 'functions'));
    cpSync(join(PROJECT, 'functions', 'runtime'), join(this.dir, 'functions', 'runtime'), {
      recursive: true,
    });
    if (reference) {
      for (const file of readdirSync(join(PROJECT, 'api-specs'))) {
        if (file.endsWith('.json'))
          cpSync(join(PROJECT, 'api-specs', file), join(this.dir, 'api-specs', file));
      }
      for (const entry of readdirSync(join(PROJECT, 'functions'), { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name === 'runtime') continue;
        cpSync(join(PROJECT, 'functions', entry.name), join(this.dir, 'functions', entry.name), {
          recursive: true,
        });
      }
    }
    for (const spec of options.specs ?? []) this.addSpec(spec);
  }

  /** Adds a spec file to api-specs/ (under its own name). */
  addSpec(file: string): this {
    cpSync(file, join(this.dir, 'api-specs', basename(file)));
    return this;
  }

  path(relative: string): string {
    return join(this.dir, relative);
  }

  exists(relative: string): boolean {
    return existsSync(this.path(relative));
  }

  read(relative: string): string {
    return readFileSync(this.path(relative), 'utf8');
  }

  write(relative: string, content: string): this {
    mkdirSync(dirname(this.path(relative)), { recursive: true });
    writeFileSync(this.path(relative), content);
    return this;
  }

  /** Runs `dev <args>` (the real CLI) in the project. */
  dev(...args: string[]): RunResult {
    return result(
      spawnSync(process.execPath, [join(this.dir, 'bin', 'dev.cjs'), ...args], {
        cwd: this.dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      }),
    );
  }

  /** Type-checks the whole project with its tsconfig.json. */
  typecheck(): RunResult {
    const tsc = join(PROJECT, 'node_modules', 'typescript', 'bin', 'tsc');
    return result(
      spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(this.dir, 'tsconfig.json')], {
        cwd: this.dir,
        encoding: 'utf8',
      }),
    );
  }

  /** Every file under functions/<service>/ that is not generated/, relative to the project. */
  writtenFiles(service: string): string[] {
    const root = this.path(join('functions', service));
    if (!existsSync(root)) return [];
    const out: string[] = [];
    const walk = (dir: string, relative: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === 'generated') continue;
        const path = `${relative}/${entry.name}`;
        if (entry.isDirectory()) walk(join(dir, entry.name), path);
        else out.push(path);
      }
    };
    walk(root, `functions/${service}`);
    return out.sort();
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

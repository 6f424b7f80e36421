import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Never sources of the app: installed packages, and what git and tools keep (dot-folders). */
const NOT_SOURCES = (entry: string) => entry === 'node_modules' || entry.startsWith('.');

function newestMtime(path: string, skip: (path: string) => boolean): number {
  if (!existsSync(path) || skip(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (NOT_SOURCES(entry)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry), skip));
  }
  return newest;
}

/**
 * Whether `cdkOut` holds a synth newer than every source of the app. `sources` are the files and
 * folders the app is made from, relative to `root` (an app knows its own: a project whose tests or
 * docs change often lists only what synthesis reads); without them, everything under `root` but
 * `cdkOut`, `node_modules` and dot-folders.
 */
export function isCdkOutFresh(root: string, cdkOut: string, sources?: readonly string[]): boolean {
  const manifest = join(cdkOut, 'manifest.json');
  if (!existsSync(manifest)) return false;
  const synthesized = statSync(manifest).mtimeMs;
  const output = resolve(root, cdkOut);
  const skip = (path: string) => resolve(path) === output;
  return (sources ?? ['.']).every((source) => newestMtime(join(root, source), skip) <= synthesized);
}

export class SynthError extends Error {
  override readonly name = 'SynthError';
}

function cdkCommand(root: string, cdkOut: string): { command: string; args: string[] } {
  const cdk = join(root, 'node_modules', '.bin', 'cdk');
  if (!existsSync(cdk)) throw new SynthError(`the CDK CLI is not installed in ${root}: run npm install`);
  return { command: cdk, args: ['synth', '-q', '-o', cdkOut] };
}

function synthFailure(status: number | null, output: string): SynthError {
  const shown = output
    .split('\n')
    .filter((line) => !line.includes('npm warn'))
    .join('\n')
    .trim();
  return new SynthError(`cdk synth failed (exit ${status}):\n${shown}`);
}

/** Runs the project's pinned CDK CLI: `cdk synth -q -o <cdkOut>` (offline; real esbuild bundles). */
export function synthesize(root: string, cdkOut: string): void {
  const { command, args } = cdkCommand(root, cdkOut);
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: process.env });
  if (result.status !== 0) throw synthFailure(result.status, `${result.stdout ?? ''}${result.stderr ?? ''}`);
}

/**
 * {@link synthesize} without blocking: what `dev up --watch` runs while the running system keeps
 * answering requests. Rejects with a {@link SynthError} when the synth fails.
 */
export function synthesizeInBackground(root: string, cdkOut: string): Promise<void> {
  const { command, args } = cdkCommand(root, cdkOut);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', (error) => reject(new SynthError(`cannot run ${command}: ${error.message}`)));
    child.once('close', (status) => (status === 0 ? resolve() : reject(synthFailure(status, output))));
  });
}

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the synthesized app is made from: when any of it is newer than cdk.out, synthesize again. */
const SOURCES = [
  'api-specs',
  'functions',
  'lib/infra',
  'lib/contract',
  'bin/app.ts',
  'cdk.json',
  'package-lock.json',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Whether `cdkOut` holds a synth newer than every source of the app (specs, handlers, CDK code). */
export function isCdkOutFresh(root: string, cdkOut: string): boolean {
  const manifest = join(cdkOut, 'manifest.json');
  if (!existsSync(manifest)) return false;
  const synthesized = statSync(manifest).mtimeMs;
  return SOURCES.every((source) => newestMtime(join(root, source)) <= synthesized);
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

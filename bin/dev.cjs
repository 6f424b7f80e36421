#!/usr/bin/env node
// The `dev` command. Runs the CLI of bin/dev.ts on the project's Node.js (launcher/project-node.cjs)
// from a bundle rebuilt when its sources change (launcher/cli-bundle.cjs): no TypeScript compiler
// on the way of every call. `npx tsx bin/dev.ts` runs the sources themselves.
'use strict';
const { join } = require('node:path');
const { onProjectNode } = require('./launcher/project-node.cjs');

const ROOT = join(__dirname, '..');
/** V8's compiled code of the bundle and the packages it loads, kept between calls (Node.js 22+). */
const COMPILE_CACHE = join(ROOT, '.tributary', 'cache', 'v8');

const args = process.argv.slice(2);
// Answered on whatever Node.js started the launcher and before loading the CLI: instant.
const versionOnly = args.length === 1 && (args[0] === '--version' || args[0] === '-V');

async function run() {
  require('node:module').enableCompileCache?.(COMPILE_CACHE);
  let bundle;
  try {
    bundle = await require('./launcher/cli-bundle.cjs').freshBundle(ROOT, versionOnly ? 'version' : 'dev');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      /Cannot find module 'esbuild'/.test(message)
        ? 'dev: esbuild is not installed: run npm install\n'
        : `dev: the CLI's sources do not build (npx tsx bin/dev.ts shows the same error unbundled):\n${message}\n`,
    );
    process.exitCode = 2;
    return;
  }
  if (versionOnly) process.stdout.write(`${require(bundle).versionText()}\n`);
  else await require(bundle).main(args);
}

if (versionOnly || !onProjectNode(__filename, args, ROOT)) void run();

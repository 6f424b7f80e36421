#!/usr/bin/env node
// Launcher for the TypeScript CLI in bin/dev.ts: registers tsx's loader so no build step is needed.
'use strict';
require('tsx/cjs/api').register();
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered before loading the CLI and everything it imports: a version check should be instant.
  process.stdout.write(`${require('../lib/cli/version.ts').versionText()}\n`);
} else {
  void require('./dev.ts').main(args);
}

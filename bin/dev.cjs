#!/usr/bin/env node
// Launcher for the TypeScript CLI in bin/dev.ts: registers tsx's loader so no build step is needed.
'use strict';
require('tsx/cjs/api').register();
void require('./dev.ts').main(process.argv.slice(2));

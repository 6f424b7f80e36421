/**
 * DynamoDB Local: the official jar shipped in `amplify-dynamodb-simulator`, run with the machine's
 * Java (17+) on a free port; in memory, or in a directory with `persistDir` (`dev up --persist DIR`).
 * `dev up` runs one; the tests run one per test file:
 *
 *   let db: DynamoDbLocal;
 *   beforeAll(async () => { db = await startDynamoDbLocal(); });
 *   afterAll(() => db.stop());
 *
 * Cleanup does not depend on `stop()` being called. Java is started under a small Node watchdog whose
 * stdin is a pipe from this process: when this process ends in any way (normal exit, Ctrl-C, a
 * signal, even SIGKILL of a Jest worker), the pipe closes and the watchdog kills the JVM. The
 * watchdog and the JVM get their own process group, so `stop()` (and an `exit` hook) can kill both at
 * once if the watchdog does not end the JVM in time.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, type DynamoDBClientConfig, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Client settings for any SDK client (DynamoDB, DynamoDB Streams): endpoint, dummy region and keys. */
  readonly clientConfig: LocalClientConfig;
  /** Milliseconds from spawning Java until DynamoDB Local answered ListTables. */
  readonly startupMillis: number;
  /** Kills the JVM (and the watchdog); resolves once they are gone. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface LocalClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface StartOptions {
  /** The `java` executable; default `java` on the PATH. */
  readonly java?: string;
  /** How long to wait for the first answer; default 60 s (a cold JVM on a busy CI box is slow). */
  readonly startTimeoutMs?: number;
  /**
   * Keep the data in this directory (created if missing; DynamoDB Local's `-dbPath`, one file
   * `shared-local-instance.db`) instead of in memory: tables, items and streams survive a restart.
   */
  readonly persistDir?: string;
}

export const JAVA_HINT =
  'install Java 17+, e.g. `apt-get install openjdk-17-jre-headless` (Debian, Ubuntu) or `brew install openjdk@17` (macOS)';

/** The directory of DynamoDB Local's jar (and its native libraries) inside the npm package. */
export function emulatorDir(): string {
  let packageJson: string;
  try {
    packageJson = require.resolve('amplify-dynamodb-simulator/package.json');
  } catch {
    throw new Error(
      'DynamoDB Local comes from the npm package amplify-dynamodb-simulator, which is not installed: run `npm install`',
    );
  }
  return join(dirname(packageJson), 'emulator');
}

/** Attempts when the free port we picked is taken before the JVM binds it. */
const PORT_ATTEMPTS = 3;

/**
 * Runs the command in argv[1..] and kills it when stdin closes (the parent is gone or called stop)
 * or when the watchdog itself is asked to stop. Exits with the child's exit code.
 */
const WATCHDOG = `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let killed = false;
const kill = () => { if (!killed) { killed = true; try { child.kill('SIGKILL'); } catch {} } };
process.stdin.on('end', kill);
process.stdin.on('close', kill);
process.stdin.on('error', kill);
process.stdin.resume();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, kill);
child.on('error', (error) => { process.stderr.write(String(error) + '\\n'); process.exit(127); });
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGKILL' ? 137 : 1)));
`;

/** Dummy region and keys: DynamoDB Local accepts any (and `-sharedDb` makes them irrelevant). */
export function localClientConfig(endpoint: string): LocalClientConfig {
  return {
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}

/** Starts DynamoDB Local and waits until it answers. */
export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  const java = options.java ?? 'java';
  assertJava(java);
  const emulator = emulatorDir();
  const storage: readonly string[] =
    options.persistDir === undefined ? ['-inMemory'] : ['-dbPath', resolve(options.persistDir)];
  if (options.persistDir !== undefined) mkdirSync(options.persistDir, { recursive: true });
  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const { port, release } = await reservedFreePort();
    try {
      return await startOnce({
        java,
        emulator,
        storage,
        port,
        release,
        timeoutMs: options.startTimeoutMs ?? 60_000,
      });
    } catch (error) {
      release();
      lastError = error;
      // Someone else took the port between our probe and the JVM's bind: pick another one.
      if (!(error instanceof PortTakenError)) throw error;
    }
  }
  throw lastError;
}

class PortTakenError extends Error {}

/** Throws a helpful error unless `java` runs and is version 17 or later. */
function assertJava(java: string): void {
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (result.error !== undefined) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `DynamoDB Local needs Java, but \`${java}\` was not found: ${JAVA_HINT}`
        : `DynamoDB Local needs Java, but \`${java} -version\` failed (${result.error.message}): ${JAVA_HINT}`,
    );
  }
  // `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_392") on stderr.
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (version) {
    const major = Number(version[1] === '1' ? version[2] : version[1]);
    if (major < 17) throw new Error(`DynamoDB Local needs Java 17+, found Java ${major}: ${JAVA_HINT}`);
  }
}

/** A port nobody listens on right now (the OS picks one for port 0), on all interfaces as Java binds. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/**
 * A free port, reserved against other users of this harness (parallel Jest workers) until
 * `release()`: between our probe and the JVM's bind (a second or two) another worker's probe could
 * be handed the same port, and its ListTables would then be answered by our JVM. The reservation is
 * a lock file holding our pid; one left by a dead process is taken over.
 */
async function reservedFreePort(): Promise<{ port: number; release: () => void }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    const lock = portLockPath(port);
    if (tryLock(lock)) {
      let released = false;
      return {
        port,
        release: () => {
          if (!released) rmSync(lock, { force: true });
          released = true;
        },
      };
    }
  }
  throw new Error('could not reserve a free port for DynamoDB Local');
}

/** The lock file reserving a port (see {@link reservedFreePort}). */
export function portLockPath(port: number): string {
  return join(tmpdir(), `tributary-dynamodb-local-${port}.lock`);
}

function tryLock(path: string): boolean {
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const owner = Number(readFileSync(path, 'utf8'));
  if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) return false;
  rmSync(path, { force: true }); // stale: its process is gone
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Launch {
  readonly java: string;
  readonly emulator: string;
  /** `-inMemory`, or `-dbPath DIR`. */
  readonly storage: readonly string[];
  readonly port: number;
  readonly release: () => void;
  readonly timeoutMs: number;
}

async function startOnce({
  java,
  emulator,
  storage,
  port,
  release,
  timeoutMs,
}: Launch): Promise<DynamoDbLocal> {
  const javaArgs = [
    `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
    // Faster JVM start; a local database's throughput hardly matters.
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-jar',
    join(emulator, 'DynamoDBLocal.jar'),
    ...storage,
    // One database whatever the region and access key of the client (DynamoDB Local otherwise keeps
    // one per key and region, and a client configured differently would see no tables).
    '-sharedDb',
    '-port',
    String(port),
    '-disableTelemetry',
  ];
  const started = performance.now();
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, java, ...javaArgs], {
    cwd: emulator,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group (the JVM joins it), so stop() can kill both with one signal.
    detached: true,
  });
  let output = '';
  let bindFailed: (error: PortTakenError) => void = () => undefined;
  const failedToBind = new Promise<never>((_, reject) => {
    bindFailed = reject;
  });
  failedToBind.catch(() => undefined); // the race below reports it
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8_000);
    // The JVM does not exit when Jetty cannot bind the port: it prints this and hangs.
    if (/Failed to bind|BindException|Address already in use/.test(output))
      bindFailed(new PortTakenError(output));
  };
  watchdog.stdout?.on('data', collect);
  watchdog.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    watchdog.once('exit', (code) => resolve(code));
  });

  const killGroup = () => killProcessGroup(watchdog);
  const onExit = () => {
    killGroup();
    release();
  };
  process.once('exit', onExit);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      process.removeListener('exit', onExit);
      if (watchdog.exitCode === null && watchdog.signalCode === null) {
        watchdog.ref();
        watchdog.stdin?.end(); // the watchdog kills the JVM and exits
        const timer = setTimeout(killGroup, 5_000);
        await exited;
        clearTimeout(timer);
      }
      // Also takes down the JVM if the watchdog went first (it never should).
      killGroup();
      release();
      watchdog.stdout?.destroy();
      watchdog.stderr?.destroy();
    })();
    return stopped;
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig = localClientConfig(endpoint);
  const client = new DynamoDBClient({ ...clientConfig, maxAttempts: 1 });
  const polling = new AbortController();
  try {
    const exitedEarly = exited.then((code) => {
      throw new Error(`DynamoDB Local exited with code ${code} before answering:\n${output}`);
    });
    exitedEarly.catch(() => undefined); // the race below reports it; an exit after stop() is expected
    await Promise.race([waitForAnswer(client, timeoutMs, polling.signal), exitedEarly, failedToBind]);
  } catch (error) {
    await stop();
    if (error instanceof TimeoutError) {
      throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${output}`);
    }
    throw error;
  } finally {
    polling.abort();
    client.destroy();
  }
  const startupMillis = Math.round(performance.now() - started);

  // A caller that forgets stop() (a test file) must not keep the process alive; the exit hook and
  // the watchdog still clean up.
  watchdog.unref();
  for (const stream of [watchdog.stdin, watchdog.stdout, watchdog.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  return { endpoint, port, clientConfig, startupMillis, stop };
}

class TimeoutError extends Error {}

async function waitForAnswer(client: DynamoDBClient, timeoutMs: number, stop: AbortSignal): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!stop.aborted) {
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }), {
        abortSignal: AbortSignal.any([stop, AbortSignal.timeout(2_000)]),
      });
      return;
    } catch (error) {
      if (performance.now() > deadline) throw new TimeoutError(String(error));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** SIGKILL to the watchdog's whole process group (watchdog and JVM); quiet if already gone. */
function killProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: already gone.
  }
}

/** A DynamoDB client for DynamoDB Local. */
export function localDynamoDbClient(
  local: Pick<DynamoDbLocal, 'clientConfig'>,
  config: DynamoDBClientConfig = {},
): DynamoDBClient {
  return new DynamoDBClient({ ...local.clientConfig, ...config });
}

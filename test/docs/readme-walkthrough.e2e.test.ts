/**
 * The README's walkthrough runs as written: `dev up` started with the arguments of its
 * `walkthrough=start` block prints the URLs its `output=up` block shows (the ports derived from the
 * service names), and its `walkthrough=requests` block, run by bash against that real `dev up`,
 * creates a user and an order, sees the notification appear and the order cancelled once the user
 * is deleted. Meanwhile `dev up` says what ran, one line a request and a delivery, and keeps the
 * debug records and metric blobs to itself.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { synthesize } from '@tributary/local-runtime';
import { servicePorts } from '@tributary/local-runtime/ports';
import { discoverSpecFiles, serviceNameOfFile } from '../../lib/contract/files';
import { type DevUpProcess, projectDir, ROOT, startDevUp } from '../local/e2e/helpers';
import { fencedBlocks } from './doc-checks';

const sh = promisify(execFile);

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = fencedBlocks(readme);
const block = (attribute: string, value: string): string => {
  const found = blocks.filter((b) => b.attributes[attribute] === value);
  if (found.length !== 1)
    throw new Error(`README.md has ${found.length} blocks ${attribute}=${value}, not 1`);
  return found[0]?.content ?? '';
};

/** `npx dev up --port 4000    # comment` → ['--port', '4000']. */
function devUpArguments(text: string): string[] {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');
  const [line, ...rest] = lines;
  if (line === undefined || rest.length > 0 || !line.startsWith('npx dev up')) {
    throw new Error(`the walkthrough=start block is not one \`npx dev up ...\` line: ${text}`);
  }
  return line.slice('npx dev up'.length).split(/\s+/).filter(Boolean);
}

/** A service's line of the banner (service names are lower case; `DynamoDB Local`, `EventBridge` are not). */
const URL_LINE = /^ {2}([a-z][a-z0-9_]*)\s+(http:\/\/127\.0\.0\.1:(\d+))$/;

/** Whether every port can be listened on now. */
async function allFree(ports: readonly number[]): Promise<boolean> {
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

const work = mkdtempSync(join(tmpdir(), 'tributary-readme-'));
let project: string;
let running: DevUpProcess | undefined;

jest.setTimeout(480_000);

beforeAll(() => {
  const cdkOut = join(work, 'cdk.out');
  synthesize(ROOT, cdkOut);
  project = projectDir(cdkOut);
});

afterAll(async () => {
  await running?.stop();
  rmSync(work, { recursive: true, force: true });
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("README.md's walkthrough", () => {
  const args = devUpArguments(block('walkthrough', 'start'));
  const base = Number(args[args.indexOf('--port') + 1]);
  const services = discoverSpecFiles(ROOT).map(serviceNameOfFile);
  const shown = Object.fromEntries(
    block('output', 'up')
      .split('\n')
      .flatMap((line) => {
        const match = URL_LINE.exec(line);
        return match?.[1] && match[3] ? [[match[1], Number(match[3])]] : [];
      }),
  );

  it('starts dev up with --port and shows the URL of every reference service, on the ports derived from their names', () => {
    expect(args).toContain('--port');
    expect(Number.isInteger(base)).toBe(true);
    // The README walks through the reference system; services a team added beside it get their own
    // ports, and the reference services' ports stay put (derived from each name).
    expect(Object.keys(shown).sort()).toEqual(['notifications', 'orders', 'users']);
    const ports = servicePorts(base, services);
    expect(shown).toEqual(
      Object.fromEntries(Object.keys(shown).map((service) => [service, ports.get(service)])),
    );
  });

  it('runs as written against a real dev up: ids in variables, the notification waited for, the order cancelled', async () => {
    // The README's ports if they are free here; else (another dev up on this shared machine) the
    // same commands shifted to another base: what is tested is the commands, not who holds 4000.
    let shift = 0;
    while (!(await allFree([...servicePorts(base + shift, services).values()]))) {
      shift += 1000;
      if (base + shift > 60_000) throw new Error('no free base port for the walkthrough');
    }
    const shifted = (text: string) =>
      text.replace(/127\.0\.0\.1:(\d+)/g, (_, port: string) => `127.0.0.1:${Number(port) + shift}`);
    const upArgs = args.map((arg, i) => (args[i - 1] === '--port' ? String(base + shift) : arg));

    running = await startDevUp(project, upArgs);
    // The README's services where it says (others a team added are on ports of their own).
    expect(running.urls).toMatchObject(
      Object.fromEntries(
        Object.entries(shown).map(([service, port]) => [service, `http://127.0.0.1:${port + shift}`]),
      ),
    );

    const script = shifted(block('walkthrough', 'requests'));
    const { stdout } = await sh('bash', ['-c', `set -eu -o pipefail\n${script}`], {
      cwd: project,
      timeout: 180_000,
    });
    const ids = /^user (usr-[0-9A-Z]{26}), order (ord-[0-9A-Z]{26})$/m.exec(stdout);
    expect(ids).not.toBeNull();
    const [, userId, orderId] = ids ?? [];
    const [notifications, cancelled] = stdout
      .split('\n')
      .filter((line) => line.startsWith('[') || line.startsWith('{'));
    expect(JSON.parse(notifications ?? '[]')).toEqual([
      expect.objectContaining({
        order_id: orderId,
        order_version: 1,
        user_id: userId,
        recipient_email: 'ada@example.com',
      }),
    ]);
    expect(JSON.parse(cancelled ?? '{}')).toMatchObject({
      id: orderId,
      user_id: userId,
      status: 'cancelled',
    });

    // What dev up said meanwhile: a line a request and a delivery; no debug records, no metric blobs.
    const log = running.output();
    expect(log).toMatch(/^\[users api\] POST \/users 201 \d+ ms$/m);
    expect(log).toMatch(/^\[orders api\] POST \/orders 201 \d+ ms$/m);
    expect(log).toContain(`[users api] DELETE /users/${userId} 204 `);
    expect(log).toMatch(
      /^\[event bus\] order\.upserted → notifications\/OnOrdersOrderFunction \(rule notifications\/OnOrdersOrderRule\): delivered, attempt 1, \d+ ms$/m,
    );
    expect(log).toMatch(
      /^\[event bus\] user\.deleted → orders\/OnUsersUserFunction \(rule orders\/OnUsersUserRule\): delivered, attempt \d, \d+ ms$/m,
    );
    expect(log).toMatch(/^\[notifications\/OnOrdersOrderFunction\] INFO notification recorded /m);
    expect(log).not.toContain('"level":"DEBUG"');
    expect(log).not.toContain(' DEBUG ');
    expect(log).not.toContain('CloudWatchMetrics');
    expect(log).not.toContain('REPORT RequestId');

    // The console the banner names (the README says so): the page, and the same story by trace.
    const consoleUrl = running.consoleUrl ?? '';
    expect(consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(consoleUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Tributary console</title>');
    const entries = (await (await fetch(`${consoleUrl}api/entries`)).json()) as Array<{
      kind: string;
      traces: string[];
      text: string;
    }>;
    const post = entries.find(
      (e) => e.kind === 'request' && e.text.startsWith('[orders api] POST /orders 201'),
    );
    const trace = post?.traces[0] ?? 'none';
    const inTrace = entries.filter((e) => e.traces.includes(trace)).map((e) => e.kind);
    expect(inTrace).toEqual(expect.arrayContaining(['request', 'stream', 'event', 'delivery']));
    expect(JSON.stringify(entries)).not.toContain('ada@example.com');
  });
});

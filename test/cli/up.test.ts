/**
 * `dev up`'s own words (lib/cli/up.ts): what it says about a port it cannot have (exit 2, naming
 * the port and `--port`), what `--iam` prints (a curl line that really signs), the banner as text
 * and as JSON, and the options bin/dev.ts refuses.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LocalHttpApi } from '@tributary/local-runtime';
import {
  createParkingLot,
  type HttpApi,
  LOCAL_CREDENTIALS,
  PARKED_FILE,
  type RunningSystem,
  startHttpApi,
} from '@tributary/local-runtime';
import { homeSlot, PortUnavailableError } from '@tributary/local-runtime/ports';
import { iamHelp, portErrorMessage, runParked, startupBanner, startupRecord } from '../../lib/cli/up';
import { EchoInvoker, route } from '../../packages/local-runtime/test/http-api/helpers';
import { assembly, removeAssemblies } from '../../packages/local-runtime/test/template/fixtures';
import { runDev } from './helpers';

const sh = promisify(execFile);

const usersApi: LocalHttpApi = {
  id: 'tributary-dev-users/Api',
  stack: 'tributary-dev-users',
  service: 'users',
  routes: [
    route('GET', '/users/{id}', 'tributary-dev-users/GetUser'),
    route('POST', '/users', 'tributary-dev-users/CreateUser'),
    route('GET', '/users', 'tributary-dev-users/ListUsers'),
  ],
};
const ordersApi: LocalHttpApi = {
  id: 'tributary-dev-orders/Api',
  stack: 'tributary-dev-orders',
  service: 'orders',
  routes: [route('GET', '/orders/{id}', 'tributary-dev-orders/GetOrder')],
};

/** What the banner reads of a running system. */
function running(urls: Record<string, string>, apis: LocalHttpApi[]): RunningSystem {
  return {
    urls,
    system: { apis },
    startupMs: 7_812,
    dynamodbEndpoint: 'http://127.0.0.1:40011',
    eventBusUrl: 'http://127.0.0.1:42153',
  } as unknown as RunningSystem;
}

describe('portErrorMessage', () => {
  it.each([
    {
      given: 'a derived port in use',
      error: new PortUnavailableError(4219, 'the users API', 'in use'),
      base: 4000,
      want: "port 4219 (the users API) is in use: stop what listens on it, or give dev up another --port (now 4000; the APIs' ports lie in 4000 .. 4999)",
    },
    {
      given: 'a port below 1024',
      error: new PortUnavailableError(300, 'the users API', 'not allowed'),
      base: 81,
      want: "port 300 (the users API) is not one this user may listen on: give dev up a --port of 1024 or more (now 81; the APIs' ports lie in 81 .. 1080)",
    },
    {
      given: 'a free port someone took meanwhile',
      error: new PortUnavailableError(41234, 'the users API', 'in use'),
      base: undefined,
      want: 'port 41234 (the users API) is in use: another program took it while dev up started; start dev up again',
    },
  ])('$given', ({ error, base, want }) => {
    expect(portErrorMessage(error, base)).toBe(want);
  });
});

describe('the banner', () => {
  const urls = { orders: 'http://127.0.0.1:4820', users: 'http://127.0.0.1:4219' };

  it('prints every URL; with --iam, the local credentials and a curl line that signs', () => {
    const plain = startupBanner(running(urls, [usersApi, ordersApi]), false);
    expect(plain.split('\n').slice(0, 5)).toEqual([
      'Tributary is up in 7.8 s:',
      '  orders  http://127.0.0.1:4820',
      '  users   http://127.0.0.1:4219',
      '  DynamoDB Local  http://127.0.0.1:40011',
      '  EventBridge     http://127.0.0.1:42153',
    ]);
    expect(plain).not.toContain('LOCALACCESSKEY');
    const iam = startupBanner(running(urls, [usersApi, ordersApi]), true);
    expect(iam).toContain(
      '\n  AWS_ACCESS_KEY_ID=LOCALACCESSKEY AWS_SECRET_ACCESS_KEY=local-secret-access-key AWS_REGION=us-east-1\n',
    );
    // The list route of the service with the most routes: users.
    expect(iam).toContain(
      '\n  curl --aws-sigv4 aws:amz:us-east-1:execute-api --user LOCALACCESSKEY:local-secret-access-key http://127.0.0.1:4219/users\n',
    );
    // A service with no list route: its root; a service with no URL is not one to try.
    expect(iamHelp(running({ orders: urls.orders }, [usersApi, ordersApi])).at(-1)).toBe(
      '  curl --aws-sigv4 aws:amz:us-east-1:execute-api --user LOCALACCESSKEY:local-secret-access-key http://127.0.0.1:4820',
    );
    expect(iamHelp(running({}, []))).toHaveLength(2);
  });

  it('is one JSON object with --json', () => {
    const record = startupRecord(running(urls, [usersApi]), true);
    expect(JSON.parse(JSON.stringify(record))).toEqual({
      type: 'up',
      startupMs: 7_812,
      urls,
      dynamodbEndpoint: 'http://127.0.0.1:40011',
      eventBridgeEndpoint: 'http://127.0.0.1:42153',
      endpointsFile: '.tributary/local.json',
      iam: {
        accessKeyId: 'LOCALACCESSKEY',
        secretAccessKey: 'local-secret-access-key',
        region: 'us-east-1',
        curlSigv4: 'aws:amz:us-east-1:execute-api',
      },
    });
    expect(startupRecord(running(urls, [usersApi]), false).iam).toBe(false);
  });

  it("names the console's URL when it serves one, in text and in JSON", () => {
    const consoleUrl = 'http://127.0.0.1:45123/';
    const banner = startupBanner(running(urls, [usersApi]), false, consoleUrl).split('\n');
    expect(banner[5]).toBe(
      '  Console         http://127.0.0.1:45123/  (what happens, by trace; parked entries; pattern tester)',
    );
    expect(startupBanner(running(urls, [usersApi]), false)).not.toContain('Console');
    expect(startupRecord(running(urls, [usersApi]), false, consoleUrl).consoleUrl).toBe(consoleUrl);
    expect(startupRecord(running(urls, [usersApi]), false)).not.toHaveProperty('consoleUrl');
  });
});

describe('dev parked', () => {
  it('shows each parked message with its id (what the console redrives), oldest first', () => {
    const root = mkdtempSync(join(tmpdir(), 'tributary-parked-'));
    try {
      const lot = createParkingLot({ file: join(root, PARKED_FILE) });
      lot.park({
        id: 'p-1',
        queueId: 'stack/Dlq',
        at: '2026-12-03T08:00:00.000Z',
        body: { a: 1 },
        reason: 'boom',
      });
      lot.park({ queueId: 'stack/OnFailure', at: '2026-12-03T08:00:01.000Z', body: {}, reason: 'gave up' });
      const { stdout, exitCode } = runParked({ root, format: 'text' });
      expect(exitCode).toBe(0);
      const [first, second] = stdout.split('\n\n');
      expect(first).toBe('2026-12-03T08:00:00.000Z  stack/Dlq  (id p-1)\n  boom\n  {"a":1}');
      expect(second).toMatch(
        /^2026-12-03T08:00:01\.000Z {2}stack\/OnFailure {2}\(id [0-9a-f-]{36}\)\n {2}gave up/,
      );
      lot.markRedriven('p-1');
      expect(runParked({ root, format: 'text' }).stdout).not.toContain('p-1');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says so when nothing is parked', () => {
    const root = mkdtempSync(join(tmpdir(), 'tributary-parked-'));
    try {
      expect(runParked({ root, format: 'text' })).toEqual({ stdout: 'Nothing parked.', exitCode: 0 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("--iam's curl line", () => {
  let api: HttpApi;
  const invoker = new EchoInvoker();

  beforeAll(async () => {
    api = await startHttpApi({
      api: usersApi,
      host: '127.0.0.1',
      invoker,
      iam: true,
      credentials: LOCAL_CREDENTIALS,
      region: 'us-east-1',
    });
  });

  afterAll(() => api.close());

  it('is a request the local API takes under IAM auth, where an unsigned one is refused', async () => {
    const curl =
      iamHelp(running({ users: api.url }, [usersApi]))
        .at(-1)
        ?.trim() ?? '';
    expect(curl).toMatch(/^curl --aws-sigv4 /);
    const status = async (command: string) =>
      (await sh('bash', ['-c', `${command} -s -o /dev/null -w '%{http_code}'`])).stdout;
    expect(await status(`curl ${api.url}/users`)).toBe('403');
    expect(await status(curl)).toBe('200');
    expect(invoker.last).toMatchObject({ routeKey: 'GET /users' });
  });
});

describe('dev up, refusing to start', () => {
  const project = mkdtempSync(join(tmpdir(), 'tributary-up-cli-'));
  let occupier: Server | undefined;

  beforeAll(() => {
    // A project whose app has one HTTP API, `users`: enough for dev up to derive its port.
    mkdirSync(join(project, 'api-specs'));
    const cdkOut = assembly({
      users: { Resources: { Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } } } },
    });
    symlinkSync(cdkOut, join(project, 'cdk.out'), 'dir');
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (occupier ? occupier.close(() => resolve()) : resolve()));
    rmSync(project, { recursive: true, force: true });
    removeAssemblies();
  });

  it('exits 2 naming the port in use and --port, before starting anything', async () => {
    // A base whose users port this test can take (a few tries: other programs hold ports too).
    let base = 0;
    for (let attempt = 0; occupier === undefined && attempt < 20; attempt++) {
      const candidate = 20_000 + Math.floor(Math.random() * 20_000);
      const server = createServer();
      const took = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(candidate + homeSlot('users'), '127.0.0.1', () => resolve(true));
      });
      if (took) [occupier, base] = [server, candidate];
    }
    expect(occupier).toBeDefined();
    const port = base + homeSlot('users');
    const run = runDev(project, ['up', '--no-synth', '--port', String(base)]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toBe(
      `dev: port ${port} (the users API) is in use: stop what listens on it, or give dev up another --port (now ${base}; the APIs' ports lie in ${base} .. ${base + 999})\n`,
    );
    expect(run.stderr).not.toContain('internal error');
  });

  it.each([
    ['0', 'give a whole number from 1 to 64536'],
    ['64537', 'give a whole number from 1 to 64536'],
    ['4000.5', 'give a whole number from 1 to 64536'],
    ['http', 'give a whole number from 1 to 64536'],
  ])('exits 2 for --port %s', (value, message) => {
    const run = runDev(project, ['up', '--no-synth', '--port', value]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('exits 2 for --quiet with --verbose', () => {
    const run = runDev(project, ['up', '--no-synth', '--quiet', '--verbose']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--quiet' cannot be used with option '--verbose'");
  });
});

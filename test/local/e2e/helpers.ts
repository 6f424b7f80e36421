/**
 * What the end-to-end tests over `dev up` share: calling the services over real HTTP (every
 * response checked against the service's OpenAPI document), a valid order, and `dev up` run as a
 * real child process (for the tests that kill it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from '../../../lib/codegen/openapi';
import { discoverSpecFiles, serviceNameOfFile } from '../../../lib/contract/files';
import { validateSpecTexts } from '../../../lib/contract/validate/validate';
import { type OpenApiDocumentJson, OpenApiResponseValidator } from '../../support/openapi-response';

export const ROOT = join(__dirname, '..', '..', '..');
const DEV = join(ROOT, 'bin', 'dev.cjs');

export type Json = Record<string, any>;

export interface Response {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Json | undefined;
}

let validators: OpenApiResponseValidator[] | undefined;

/**
 * The OpenAPI documents of every service an e2e test may call: the reference services' generated
 * `openapi.json` (what `dev generate` wrote and `dev check` keeps fresh) and the fixture services'
 * (test/fixtures/services/, which scratch projects generate with the same transform).
 */
function documentValidators(): OpenApiResponseValidator[] {
  if (validators) return validators;
  const reference = discoverSpecFiles(ROOT).map((file) => {
    const service = serviceNameOfFile(file);
    const path = join(ROOT, 'functions', service, 'generated', 'openapi.json');
    return new OpenApiResponseValidator(
      JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocumentJson,
      service,
    );
  });
  const fixtures = join(ROOT, 'test', 'fixtures', 'services');
  const loaded = validateSpecTexts(
    readdirSync(fixtures)
      .filter((file) => file.endsWith('.json'))
      .map((file) => ({ file: `api-specs/${file}`, text: readFileSync(join(fixtures, file), 'utf8') })),
  );
  if (loaded.diagnostics.length > 0) throw new Error(`fixture specs: ${JSON.stringify(loaded.diagnostics)}`);
  validators = [
    ...reference,
    ...loaded.valid.map(
      ({ spec }) =>
        new OpenApiResponseValidator(openApiDocument(spec) as unknown as OpenApiDocumentJson, spec.name),
    ),
  ];
  return validators;
}

/** The service each base URL was found to be: what a path no document has is checked against. */
const serviceOfUrl = new Map<string, OpenApiResponseValidator>();

/**
 * The document of the service behind `baseUrl`: the one document with the request's path (service
 * paths do not overlap), remembered for the URL; for a path no document has, the URL's.
 */
function validatorFor(baseUrl: string, path: string): OpenApiResponseValidator {
  const candidates = documentValidators().filter((validator) =>
    validator.hasPath(path.split('?')[0] ?? path),
  );
  const [only] = candidates;
  if (candidates.length === 1 && only) {
    serviceOfUrl.set(baseUrl, only);
    return only;
  }
  const known = serviceOfUrl.get(baseUrl);
  if (candidates.length === 0 && known) return known;
  throw new Error(
    candidates.length === 0
      ? `no service's OpenAPI document has the path ${path}, and ${baseUrl} answered no known path before`
      : `the path ${path} is in several documents: ${candidates.map((v) => v.name).join(', ')}`,
  );
}

/**
 * A request to a service's local URL, JSON in and out, unsigned (like curl). The response is checked
 * against the service's OpenAPI document (test/support/openapi-response.ts): an undeclared status,
 * a body that breaks its schema or a declared header that does, fails the test naming the operation.
 */
export async function call(baseUrl: string, method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  validatorFor(baseUrl, path).assertValid(method, path, {
    status: response.status,
    headers: response.headers,
    body: text,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Json) : undefined,
  };
}

export const orderOf = (userId: string) => ({
  user_id: userId,
  currency: 'EUR',
  line_items: [
    { sku: 'BOOK-1', quantity: 2, unit_price: '12.50' },
    { sku: 'PEN-7', quantity: 1, unit_price: '1.99' },
  ],
  total: '26.99',
});

/**
 * A project directory of its own for `dev up` child processes: `api-specs/` (how `dev` finds the
 * root) links to the repository's, `cdk.out` to an assembly synthesized beforehand (so `--no-synth`
 * starts at once), and `.tributary/parked.jsonl` stays out of the repository.
 */
export function projectDir(cdkOut: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-project-'));
  symlinkSync(join(ROOT, 'api-specs'), join(dir, 'api-specs'), 'dir');
  symlinkSync(cdkOut, join(dir, 'cdk.out'), 'dir');
  mkdirSync(join(dir, '.tributary'));
  return dir;
}

export interface DevUpProcess {
  readonly child: ChildProcess;
  /** Service → URL, from the banner. */
  readonly urls: Readonly<Record<string, string>>;
  readonly dynamodbEndpoint: string;
  readonly eventBusUrl: string;
  /** The console's URL, when the banner names one (not with --no-console). */
  readonly consoleUrl?: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGKILL, then waits until the process and its DynamoDB Local are gone. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean stop), then waits until the process and its DynamoDB Local are gone. */
  stop(): Promise<void>;
}

const BANNER_URL = /^ {2}(\S+(?: \S+)?)\s+(http:\/\/127\.0\.0\.1:\d+)$/;

/** Starts `dev up <args>` in `cwd` and resolves once its banner has printed every URL. */
export function startDevUp(cwd: string, args: readonly string[], timeoutMs = 120_000): Promise<DevUpProcess> {
  const child = spawn(process.execPath, [DEV, 'up', '--no-synth', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dev up did not start within ${timeoutMs} ms:\n${output.slice(-4000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // The banner's last line: every URL is printed by then.
      if (!/Ctrl-C stops everything/.test(output)) return;
      clearTimeout(timer);
      const urls: Record<string, string> = {};
      for (const line of output.split('\n')) {
        const match = BANNER_URL.exec(line);
        if (match?.[1] && match[2]) urls[match[1]] = match[2];
      }
      const { 'DynamoDB Local': dynamodbEndpoint = '', EventBridge: eventBusUrl = '', ...services } = urls;
      const consoleUrl = /^ {2}Console\s+(http:\/\/127\.0\.0\.1:\d+\/)/m.exec(output)?.[1];
      const gone = async () => {
        await exited;
        await portClosed(dynamodbEndpoint);
      };
      resolve({
        child,
        urls: services,
        dynamodbEndpoint,
        eventBusUrl,
        ...(consoleUrl === undefined ? {} : { consoleUrl }),
        output: () => output,
        kill9: async () => {
          child.kill('SIGKILL');
          await gone();
        },
        stop: async () => {
          child.kill('SIGTERM');
          await gone();
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`dev up exited (${code ?? signal}) before it was up:\n${output.slice(-4000)}`));
    });
  });
}

/**
 * Resolves once nothing accepts connections on the URL's port any more: the watchdog of a killed
 * `dev up` ends its JVM a moment after the process is gone, and a restart must not share the data
 * directory with it.
 */
async function portClosed(url: string, timeoutMs = 30_000): Promise<void> {
  if (url === '') return;
  const { hostname, port } = new URL(url);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: hostname, port: Number(port) });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (!open) return;
    if (Date.now() > deadline)
      throw new Error(`${url} still answers ${timeoutMs} ms after dev up was killed`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `probe` until it returns true or `timeoutMs` passes; returns its last answer. */
export async function eventually(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

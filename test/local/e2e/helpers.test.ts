/**
 * The e2e helper `call` checks every response against its service's OpenAPI document: here a plain
 * HTTP server on this machine answers what a broken service would, and `call` must fail naming the
 * operation (the e2e tests themselves only ever see services that keep their documents).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { call } from './helpers';

interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

const user = {
  id: 'usr-01KAMS3Y0000000000000000AA',
  name: { first: 'Ada' },
  version: 1,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

/** A server answering each `METHOD path` as the test says. */
async function serve(answers: Record<string, Answer>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const answer = answers[`${req.method} ${req.url}`] ?? { status: 404, body: { message: 'Not Found' } };
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      ...(text ? { 'content-type': 'application/json' } : {}),
      ...answer.headers,
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('call checks every response against the OpenAPI document', () => {
  let url = '';
  let server: Server | undefined;

  beforeAll(async () => {
    ({ url, server } = await serve({
      'GET /users/ok': { status: 200, body: user, headers: { etag: '"1"' } },
      'GET /users/untagged': { status: 200, body: user },
      'GET /users/teapot': { status: 418, body: { code: 'teapot', messages: ['short and stout'] } },
      'GET /users/broken': { status: 200, body: { ...user, version: 'one' } },
      'POST /users': { status: 201, body: user, headers: { location: '/users/x', etag: '"1"' } },
      'GET /products/old': { status: 200, body: { id: 'prd-1' } },
      'GET /nowhere': { status: 404, body: { code: 'not_found', messages: ['no such route'] } },
      'GET /elsewhere': { status: 404, body: { message: 'Not Found' } },
    }));
  });

  afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));

  it('returns a response that keeps the document', async () => {
    await expect(call(url, 'GET', '/users/ok')).resolves.toMatchObject({ status: 200, body: user });
    await expect(call(url, 'POST', '/users', { name: {} })).resolves.toMatchObject({ status: 201 });
  });

  it('fails on an undeclared status, naming the operation', async () => {
    await expect(call(url, 'GET', '/users/teapot')).rejects.toThrow(
      'users getUser (GET /users/{id}) answered 418: status 418 is not declared',
    );
  });

  it('fails on a declared header left out', async () => {
    await expect(call(url, 'GET', '/users/untagged')).rejects.toThrow(
      'users getUser (GET /users/{id}) answered 200: header etag is required but absent',
    );
  });

  it('fails on a body that breaks its schema', async () => {
    await expect(call(url, 'GET', '/users/broken')).rejects.toThrow(
      'users getUser (GET /users/{id}) answered 200: body.version must be integer',
    );
  });

  it("checks a fixture service's paths against its document", async () => {
    await expect(call(url, 'GET', '/products/old')).rejects.toThrow(
      "catalog getProduct (GET /products/{id}) answered 200: body must have required property 'sku'",
    );
  });

  it("checks a path no document has against the last service the URL was, as the $default route's", async () => {
    await expect(call(url, 'GET', '/nowhere')).resolves.toMatchObject({ status: 404 });
    await expect(call(url, 'GET', '/elsewhere')).rejects.toThrow(
      "catalog unmatched route (GET /elsewhere) answered 404: body must have required property 'code'",
    );
  });

  it('refuses a URL that never answered a known path', async () => {
    const other = await serve({});
    try {
      await expect(call(other.url, 'GET', '/nowhere')).rejects.toThrow(
        "no service's OpenAPI document has the path /nowhere",
      );
    } finally {
      await new Promise<void>((resolve) => other.server.close(() => resolve()));
    }
  });
});

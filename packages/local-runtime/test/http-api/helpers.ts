import { request as httpRequest } from 'node:http';
import type { InvokeOptions, InvokeResult, LambdaInvoker, LocalHttpApi, LocalRoute } from '../../src/model';

export interface Invocation {
  readonly functionId: string;
  readonly event: any;
  /** The trace header the invocation was given. */
  readonly traceHeader?: string;
}

/** Answers with a function of the event; by default a 200 echoing the event as JSON. */
export class EchoInvoker implements LambdaInvoker {
  readonly invocations: Invocation[] = [];
  answer: (event: any, functionId: string) => InvokeResult | Promise<InvokeResult> = (event) => ({
    ok: true,
    value: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) },
    durationMs: 1,
    coldStart: false,
  });

  get last(): any {
    return this.invocations.at(-1)?.event;
  }

  async invoke(functionId: string, event: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    this.invocations.push({
      functionId,
      event,
      ...(options.traceHeader === undefined ? {} : { traceHeader: options.traceHeader }),
    });
    return this.answer(event, functionId);
  }
}

export const returns = (value: unknown): InvokeResult => ({
  ok: true,
  value,
  durationMs: 1,
  coldStart: false,
});

export const throws = (errorMessage: string, timedOut = false): InvokeResult => ({
  ok: false,
  error: { errorType: timedOut ? 'Sandbox.Timedout' : 'Error', errorMessage },
  durationMs: 1,
  coldStart: false,
  timedOut,
});

export function route(
  method: string,
  path: string,
  functionId: string,
  auth: LocalRoute['auth'] = 'AWS_IAM',
): LocalRoute {
  return { method, path, functionId, auth };
}

export function usersApi(routes: LocalRoute[] = defaultRoutes): LocalHttpApi {
  return { id: 'Users/HttpApi', stack: 'Users', service: 'users', routes };
}

export const defaultRoutes: LocalRoute[] = [
  route('GET', '/users', 'Users/ListUsers'),
  route('POST', '/users', 'Users/CreateUser'),
  route('GET', '/users/{id}', 'Users/GetUser'),
  route('PUT', '/users/{id}', 'Users/ReplaceUser'),
  route('DELETE', '/users/{id}', 'Users/DeleteUser'),
  route('GET', '/health', 'Users/Health', 'NONE'),
];

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A request with exact control over the target and repeated headers (fetch normalizes both). */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string | string[]>;
    body?: Buffer | string;
  },
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname, port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * The HTTP API's trace, as API Gateway passes it on: a valid incoming `X-Amzn-Trace-Id` kept, a
 * valid W3C `traceparent` mapped when there is no X-Ray header, anything malformed replaced (never
 * echoed); the event's header, the invocation's trace and the access log entry agree.
 */
import { type HttpApi, type HttpApiAccessLog, startHttpApi } from '../../src/http-api';
import { EchoInvoker, rawRequest, route, usersApi } from './helpers';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const HEADER = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;
const NEW_ROOT = /^Root=(1-[0-9a-f]{8}-[0-9a-f]{24})$/;

describe('HTTP API traces', () => {
  const invoker = new EchoInvoker();
  const logs: HttpApiAccessLog[] = [];
  let api: HttpApi;
  beforeAll(async () => {
    api = await startHttpApi({
      api: usersApi([route('GET', '/users', 'Users/ListUsers', 'NONE')]),
      host: '127.0.0.1',
      invoker,
      iam: false,
      region: 'us-east-1',
      onRequest: (entry) => logs.push(entry),
    });
  });
  afterAll(() => api.close());

  async function call(headers: Record<string, string | string[]> = {}, path = '/users') {
    const response = await rawRequest(api.url, { path, headers });
    // The access log is written once the response is sent.
    await new Promise((resolve) => setTimeout(resolve, 10));
    return { response, invocation: invoker.invocations.at(-1), log: logs.at(-1) };
  }

  it('keeps a valid X-Amzn-Trace-Id and runs the function in that trace', async () => {
    const { response, invocation, log } = await call({ 'X-Amzn-Trace-Id': `${HEADER};Self=1-x` });
    expect(response.status).toBe(200);
    expect(invocation?.event.headers['x-amzn-trace-id']).toBe(HEADER);
    expect(invocation?.traceHeader).toBe(HEADER);
    expect(log?.traceId).toBe(ROOT);
  });

  it('maps a valid traceparent when there is no valid X-Ray header', async () => {
    const traceparent = '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01';
    const { invocation, log } = await call({ traceparent });
    expect(invocation?.event.headers['x-amzn-trace-id']).toBe(HEADER);
    expect(invocation?.traceHeader).toBe(HEADER);
    // The traceparent header itself is passed on as any other header.
    expect(invocation?.event.headers.traceparent).toBe(traceparent);
    expect(log?.traceId).toBe(ROOT);

    const withJunk = await call({ 'x-amzn-trace-id': 'Root=junk', traceparent });
    expect(withJunk.invocation?.traceHeader).toBe(HEADER);
  });

  it.each([
    ['a malformed X-Amzn-Trace-Id', { 'x-amzn-trace-id': 'Root=<img src=x>;Parent=zz' }],
    ['a malformed traceparent', { traceparent: '00-00000000000000000000000000000000-53995c3f42cd8ad8-01' }],
    ['no trace header', {}],
  ])('replaces %s with a new trace', async (_, headers) => {
    const { invocation, log } = await call(headers);
    const header = invocation?.event.headers['x-amzn-trace-id'] as string;
    expect(header).toMatch(NEW_ROOT);
    expect(header).not.toContain('img');
    expect(invocation?.traceHeader).toBe(header);
    expect(log?.traceId).toBe(NEW_ROOT.exec(header)?.[1]);
  });

  it('gives a request no route matched a trace too', async () => {
    const { response, log } = await call({ 'x-amzn-trace-id': HEADER }, '/nowhere');
    expect(response.status).toBe(404);
    expect(log?.traceId).toBe(ROOT);
  });
});

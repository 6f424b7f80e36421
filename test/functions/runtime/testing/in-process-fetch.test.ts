/**
 * The in-process network of fakes: a generated client's request becomes the API Gateway event the
 * deployed API would send (raw path and query exactly as encoded, lower-cased headers, the body),
 * and the adapter's result becomes the response the client reads.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { testClock } from '../../../../functions/runtime/clock';
import type { HttpResult } from '../../../../functions/runtime/http';
import { ApiClient } from '../../../../functions/runtime/http-client';
import {
  apiGatewayEvent,
  fakeBaseUrl,
  fakeClientOptions,
  inProcessFetch,
} from '../../../../functions/runtime/testing/in-process-fetch';

describe('apiGatewayEvent', () => {
  it('keeps the raw path and query as the client encoded them; headers lower-cased, host from the URL', () => {
    const event = apiGatewayEvent(
      'http://users.fake.invalid/users/a%20b%2Fc?cursor=x%3D&tag=1&tag=2',
      { method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-Amz-Date': 'd' }, body: '{"a":1}' },
      new Date('2026-03-01T12:00:00.000Z'),
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/users/a%20b%2Fc',
      rawQueryString: 'cursor=x%3D&tag=1&tag=2',
      headers: { host: 'users.fake.invalid', 'content-type': 'application/json', 'x-amz-date': 'd' },
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'PUT', path: '/users/a b/c' },
        time: '01/Mar/2026:12:00:00 +0000',
        timeEpoch: Date.parse('2026-03-01T12:00:00.000Z'),
      },
    });
    expect(event.requestContext.requestId).toMatch(/^fake-\d+$/);
  });

  it('gives a request without a body none, and each request its own id', () => {
    const now = new Date();
    const first = apiGatewayEvent('http://x.fake.invalid/', { method: 'GET', headers: {} }, now);
    const second = apiGatewayEvent('http://x.fake.invalid', { method: 'GET', headers: {} }, now);
    expect(first).not.toHaveProperty('body');
    expect(second.rawPath).toBe('/');
    expect(first.requestContext.requestId).not.toBe(second.requestContext.requestId);
  });
});

describe('inProcessFetch', () => {
  it("hands the event to the handler and the handler's result back as the response", async () => {
    const seen: APIGatewayProxyEventV2[] = [];
    const handler = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
      seen.push(event);
      return {
        statusCode: 201,
        headers: { 'x-next-cursor': 'c1', 'content-type': 'application/json' },
        body: '[1]',
      };
    };
    const response = await inProcessFetch(handler, testClock())('http://a.fake.invalid/things?limit=2', {
      method: 'GET',
      headers: {},
    });
    expect(seen).toHaveLength(1);
    expect(response.status).toBe(201);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    expect(headers).toEqual({ 'x-next-cursor': 'c1', 'content-type': 'application/json' });
    await expect(response.text()).resolves.toBe('[1]');
  });

  it('answers an empty body for a result without one', async () => {
    const response = await inProcessFetch(async () => ({ statusCode: 204, headers: {} }), testClock())(
      'http://a.fake.invalid/x',
      { method: 'DELETE', headers: {} },
    );
    await expect(response.text()).resolves.toBe('');
  });
});

describe('fakeClientOptions', () => {
  it('make a client that signs with the fake credentials, never reads the environment, and reaches the handler', async () => {
    let authorization = '';
    const handler = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
      authorization = event.headers.authorization ?? '';
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
    };
    const options = fakeClientOptions('order_items', handler, testClock('2026-03-01T12:00:00Z'));
    expect(options.baseUrl).toBe(fakeBaseUrl('order_items'));
    expect(options.baseUrl).toBe('http://order-items.fake.invalid');
    const client = new ApiClient({ ...options, baseUrlVariable: 'ORDER_ITEMS_API_URL' });
    const response = await client.send({
      operation: { id: 'getThing', method: 'GET', path: '/things/:id' },
      path: { id: 'a b' },
    });
    expect(response).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: { ok: true },
    });
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=FAKEACCESSKEYID\/20260301\/us-east-1\/execute-api\//,
    );
  });
});

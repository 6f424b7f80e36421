/** The adapter with the real logger: a 500 is logged with the request id, personal data redacted. */
import type { Context } from 'aws-lambda';
import { fixedClock } from '../../../../functions/runtime/clock';
import { httpRouter } from '../../../../functions/runtime/http';
import { createLogger } from '../../../../functions/runtime/logger';
import { REDACTED } from '../../../../functions/runtime/redact';
import { IMPLEMENTATIONS, jsonEvent, OPERATIONS } from './support';

const EMAIL = 'grace@example.com';

/** Runs `act` and returns the JSON lines the logger wrote. */
async function capture<T>(
  act: () => Promise<T>,
): Promise<{ result: T; text: string; lines: Record<string, unknown>[] }> {
  const chunks: string[] = [];
  const record = (chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(record);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(record);
  let result: T;
  try {
    result = await act();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const text = chunks.join('');
  const lines = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { result, text, lines };
}

describe('logging through createLogger', () => {
  const logger = createLogger({
    serviceName: 'users',
    personalFields: ['email', 'name'],
    logLevel: 'DEBUG',
    clock: fixedClock('2026-11-22T14:00:00.000Z'),
  });

  it('logs a 500 with the request ids and the error, personal fields redacted', async () => {
    const handle = httpRouter(
      OPERATIONS,
      {
        ...IMPLEMENTATIONS,
        createUser: async (request) => {
          const { email } = request.body as { email: string };
          throw Object.assign(new Error('store rejected the user'), {
            email,
            cause: { name: 'Grace', email },
          });
        },
      },
      { logger },
    );
    const { result, text, lines } = await capture(() =>
      handle(jsonEvent('POST', '/users', { name: 'Grace', email: EMAIL }, { requestId: 'req-42' }), {
        awsRequestId: 'lambda-42',
      } as Context),
    );
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('store rejected');
    expect(text).not.toContain(EMAIL);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'request failed',
        service: 'users',
        request_id: 'req-42',
        aws_request_id: 'lambda-42',
        operation_id: 'createUser',
        error: expect.objectContaining({
          name: 'Error',
          message: 'store rejected the user',
          email: REDACTED,
        }),
      }),
    ]);
    expect(text).toContain('"stack"');
  });

  it('logs a 4xx at debug only, without the input', async () => {
    const handle = httpRouter(OPERATIONS, IMPLEMENTATIONS, { logger });
    const { lines, text } = await capture(() =>
      handle(jsonEvent('POST', '/users', { name: 'Grace', email: 'not an email' }, { requestId: 'req-7' })),
    );
    expect(text).not.toContain('not an email');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'DEBUG',
        message: 'request refused',
        request_id: 'req-7',
        status: 422,
        code: 'validation_failed',
      }),
    ]);
  });
});

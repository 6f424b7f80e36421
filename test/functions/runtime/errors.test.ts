import { STATUS_CODES } from 'node:http';
import {
  conflict,
  ERROR_STATUS,
  type ErrorCode,
  HttpError,
  internalError,
  isHttpError,
  malformedJson,
  methodNotAllowed,
  notFound,
  notImplemented,
  payloadTooLarge,
  toErrorResponse,
  unsupportedMediaType,
  validationFailed,
} from '../../../functions/runtime/errors';

describe('error helpers', () => {
  it.each<[string, HttpError, number, string, string[]]>([
    ['malformedJson', malformedJson(), 400, 'malformed_json', ['body: is not valid JSON']],
    ['notFound()', notFound(), 404, 'not_found', ['no such route']],
    ['notFound(user)', notFound('user'), 404, 'not_found', ['user not found']],
    [
      'methodNotAllowed',
      methodNotAllowed(['put', 'GET', 'get']),
      405,
      'method_not_allowed',
      ['method not allowed; allowed: GET, PUT'],
    ],
    [
      'conflict()',
      conflict(),
      409,
      'conflict',
      ['the resource was changed concurrently; read it again and retry'],
    ],
    ['conflict(msg)', conflict('email: is already taken'), 409, 'conflict', ['email: is already taken']],
    [
      'payloadTooLarge',
      payloadTooLarge(1024),
      413,
      'payload_too_large',
      ['body: must be at most 1024 bytes'],
    ],
    [
      'unsupportedMediaType',
      unsupportedMediaType(),
      415,
      'unsupported_media_type',
      ['content-type: must be application/json'],
    ],
    [
      'validationFailed',
      validationFailed(['body.email: expected string']),
      422,
      'validation_failed',
      ['body.email: expected string'],
    ],
    ['validationFailed([])', validationFailed([]), 422, 'validation_failed', ['input is invalid']],
    ['internalError', internalError(new Error('db down')), 500, 'internal_error', ['internal error']],
  ])('%s → %i %s', (_label, error, status, code, messages) => {
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toBeInstanceOf(Error);
    expect(isHttpError(error)).toBe(true);
    expect(error.statusCode).toBe(status);
    expect(error.code).toBe(code);
    expect(error.messages).toEqual(messages);
    const response = toErrorResponse(error);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({ code, messages });
  });

  it('answers each code with the HTTP status its name says', () => {
    // A code is its status's reason phrase (RFC 9110, as node:http knows it) in snake case, or one
    // of these refinements of it, which say which 400, 422 or 500 it is.
    const refinements: Readonly<Record<string, string>> = {
      malformed_json: 'Bad Request',
      malformed_request: 'Bad Request',
      validation_failed: 'Unprocessable Entity',
      internal_error: 'Internal Server Error',
    };
    const snakeCase = (phrase: string) => phrase.toLowerCase().replace(/ /g, '_');
    const codes = Object.keys(ERROR_STATUS) as ErrorCode[];
    expect(codes).toEqual(expect.arrayContaining(Object.keys(refinements)));
    const answers = codes.map((code) => {
      const status = new HttpError(code, ['x']).statusCode;
      return [code, status, STATUS_CODES[status]];
    });
    expect(answers.filter(([, status]) => !(Number(status) >= 400 && Number(status) <= 599))).toEqual([]);
    expect(
      answers.filter(([code, , phrase]) =>
        refinements[String(code)] === undefined
          ? snakeCase(String(phrase)) !== code
          : phrase !== refinements[String(code)],
      ),
    ).toEqual([]);
  });

  it('answers a stub still in place with 501 not_implemented naming the operation, its messages shown', () => {
    const response = toErrorResponse(notImplemented('countStockItem'));
    expect(response.statusCode).toBe(501);
    expect(JSON.parse(response.body)).toEqual({
      code: 'not_implemented',
      messages: ['countStockItem is not implemented yet'],
    });
  });

  it('sends the allowed methods in the allow header of a 405', () => {
    expect(toErrorResponse(methodNotAllowed(['DELETE', 'get'])).headers).toEqual({
      allow: 'DELETE, GET',
      'content-type': 'application/json',
    });
  });

  it('keeps the cause for logs', () => {
    const cause = new Error('ConditionalCheckFailed');
    expect(new HttpError('conflict', ['x'], { cause }).cause).toBe(cause);
  });

  it('does not let its messages be changed', () => {
    const messages = ['a'];
    const error = validationFailed(messages);
    messages.push('b');
    expect(error.messages).toEqual(['a']);
    expect(Object.isFrozen(error.messages)).toBe(true);
  });

  it('rejects an unknown code', () => {
    expect(() => new HttpError('teapot' as never, ['x'])).toThrow(TypeError);
  });
});

describe('toErrorResponse', () => {
  const secret = 'ada@example.com';

  it.each<[string, unknown]>([
    ['an Error with input in its message', new Error(`duplicate ${secret}`)],
    ['a TypeError', new TypeError(`cannot read ${secret}`)],
    ['a thrown string', secret],
    ['a thrown object', { email: secret }],
    ['undefined', undefined],
    ['null', null],
    ['an explicit 500 with details', new HttpError('internal_error', [`failed for ${secret}`])],
    ['internalError with a cause', internalError(new Error(secret))],
  ])('answers %s with a fixed 500', (_label, thrown) => {
    const response = toErrorResponse(thrown);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ code: 'internal_error', messages: ['internal error'] });
    expect(response.body).not.toContain(secret);
    expect(response.body).not.toMatch(/at .*:\d+|stack/);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
  });

  it('keeps the content type whatever headers an error carries', () => {
    const error = new HttpError('conflict', ['x'], {
      headers: { 'content-type': 'text/html', 'retry-after': '1' },
    });
    expect(toErrorResponse(error).headers).toEqual({
      'content-type': 'application/json',
      'retry-after': '1',
    });
  });
});

/** What every property test of the HTTP adapter shares: its wildest strings, and what a well-formed answer is. */
import fc from 'fast-check';
import type { HttpResult } from '../../../functions/runtime/http';

/** Any string: code points, graphemes, binary, and any UTF-16 code unit (lone surrogates included). */
export const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }),
);

/** Never a 5xx; every 4xx a JSON generic_error with at least one message; a 405 says what is allowed. */
export function expectWellFormed(result: HttpResult): void {
  expect(Number.isInteger(result.statusCode)).toBe(true);
  expect(result.statusCode).toBeGreaterThanOrEqual(200);
  expect(result.statusCode).toBeLessThan(500);
  if (result.statusCode >= 400) {
    expect(result.headers['content-type']).toBe('application/json');
    const parsed: unknown = JSON.parse(result.body ?? '');
    expect(parsed).toEqual({ code: expect.any(String), messages: expect.any(Array) });
    const { messages } = parsed as { messages: unknown[] };
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(typeof message).toBe('string');
    if (result.statusCode === 405) expect(result.headers.allow).toEqual(expect.any(String));
  } else if (result.body !== undefined) {
    expect(() => JSON.parse(result.body ?? '')).not.toThrow();
  }
}

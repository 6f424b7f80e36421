import fc from 'fast-check';
import { z } from 'zod';
import { HttpError } from '../../../functions/runtime/errors';
import {
  formatIssuePath,
  type Issue,
  issueMessages,
  validationError,
} from '../../../functions/runtime/zod-issues';

const userForm = z.strictObject({
  email: z.email().optional(),
  name: z.object({ first: z.string().max(3).optional(), last: z.string().min(2).optional() }),
  status: z.enum(['pending', 'active', 'inactive']).optional(),
  age: z.number().int().min(0).max(150).optional(),
  score: z.number().gt(0).lt(1).optional(),
  step: z.number().multipleOf(5).optional(),
  tags: z
    .array(z.string().regex(/^[a-z]+$/))
    .max(2)
    .optional(),
  code: z.string().length(4).optional(),
  kind: z.literal('user').optional(),
  id: z.union([z.string().startsWith('usr-'), z.number()]).optional(),
  scores: z.record(z.string().min(2), z.number()).optional(),
  at: z.iso.datetime().optional(),
  day: z.iso.date().optional(),
  ref: z.uuid().optional(),
  since: z.date().min(new Date('2020-01-01T00:00:00Z')).optional(),
  even: z
    .number()
    .refine((n) => n % 2 === 0, { message: 'must be even' })
    .optional(),
});

function messagesFor(input: unknown, withInput = true): string[] {
  const result = userForm.safeParse(input);
  if (result.success) throw new Error('expected the parse to fail');
  return issueMessages(result.error.issues, withInput ? { root: 'body', input } : { root: 'body' });
}

describe('issueMessages', () => {
  it.each<[string, unknown, string[]]>([
    ['a missing required object', {}, ['body.name: is required']],
    ['a wrong type', { name: 'Ada' }, ['body.name: expected object, received string']],
    ['null', { name: null }, ['body.name: expected object, received null']],
    ['an array', { name: [] }, ['body.name: expected object, received array']],
    ['a body that is not an object', 'hello', ['body: expected object, received string']],
    ['no body at all', undefined, ['body: is required']],
    ['a bad email', { name: {}, email: 'nope' }, ['body.email: must be a valid email']],
    [
      'a string too long',
      { name: { first: 'Adaline' } },
      ['body.name.first: must have at most 3 characters'],
    ],
    ['a string too short', { name: { last: 'L' } }, ['body.name.last: must have at least 2 characters']],
    ['an exact length', { name: {}, code: 'abc' }, ['body.code: must have exactly 4 characters']],
    [
      'an enum',
      { name: {}, status: 'gone' },
      ['body.status: must be one of "pending", "active", "inactive"'],
    ],
    ['a literal', { name: {}, kind: 'admin' }, ['body.kind: must be "user"']],
    ['a non-integer', { name: {}, age: 2.5 }, ['body.age: expected integer, received number']],
    [
      '1e309 (JSON.parse reads Infinity)',
      JSON.parse('{"name":{},"age":1e309}'),
      ['body.age: is not a finite number'],
    ],
    [
      '-1e309 where any number goes',
      JSON.parse('{"name":{},"score":-1e309}'),
      ['body.score: is not a finite number'],
    ],
    ['a number too small', { name: {}, age: -1 }, ['body.age: must be >= 0']],
    ['a number too big', { name: {}, age: 151 }, ['body.age: must be <= 150']],
    ['exclusive bounds', { name: {}, score: 1 }, ['body.score: must be < 1']],
    ['exclusive lower bound', { name: {}, score: 0 }, ['body.score: must be > 0']],
    ['a multiple', { name: {}, step: 7 }, ['body.step: must be a multiple of 5']],
    ['too many items', { name: {}, tags: ['a', 'b', 'c'] }, ['body.tags: must have at most 2 items']],
    ['a pattern inside an array', { name: {}, tags: ['ok', 'NO'] }, ['body.tags[1]: must match /^[a-z]+$/']],
    ['a union', { name: {}, id: true }, ['body.id: matches none of the allowed types']],
    ['a record key', { name: {}, scores: { a: 1 } }, ['body.scores.a: has an invalid key']],
    [
      'a record value',
      { name: {}, scores: { ab: 'x' } },
      ['body.scores.ab: expected number, received string'],
    ],
    ['a date-time', { name: {}, at: 'today' }, ['body.at: must be an ISO 8601 date-time']],
    ['a date', { name: {}, day: '2026-13-01' }, ['body.day: must be an ISO 8601 date']],
    ['a uuid', { name: {}, ref: 'x' }, ['body.ref: must be a valid uuid']],
    [
      'a date bound',
      { name: {}, since: new Date('2019-01-01T00:00:00Z') },
      ['body.since: must be at or after 2020-01-01T00:00:00.000Z'],
    ],
    ['a custom check', { name: {}, even: 3 }, ['body.even: must be even']],
    [
      'unknown fields, one message each',
      { name: {}, admin: true, 'odd key': 1 },
      ['body.admin: is not allowed', 'body["odd key"]: is not allowed'],
    ],
    [
      'several problems',
      { name: { first: 'Adaline' }, age: 'x', email: 'nope' },
      [
        'body.email: must be a valid email',
        'body.name.first: must have at most 3 characters',
        'body.age: expected number, received string',
      ],
    ],
  ])('reports %s', (_label, input, want) => {
    expect(messagesFor(input)).toEqual(want);
  });

  it('reads `expected T` without the input', () => {
    expect(messagesFor({}, false)).toEqual(['body.name: expected object']);
    expect(messagesFor({ name: {}, age: 'x' }, false)).toEqual(['body.age: expected number']);
  });

  it('never echoes an input value (property)', () => {
    const marker = fc.string({ minLength: 1, maxLength: 20 }).map((text) => `SECRET-${text}`);
    const badInput = fc.record({
      email: marker,
      name: fc.oneof(marker, fc.record({ first: marker, last: marker })),
      status: marker,
      tags: fc.array(marker, { maxLength: 4 }),
      code: marker,
      kind: marker,
      id: marker,
      at: marker,
      ref: marker,
    });
    fc.assert(
      fc.property(badInput, (input) => {
        for (const message of messagesFor(input)) expect(message).not.toContain('SECRET');
      }),
    );
  });

  it('drops duplicate messages', () => {
    const issue: Issue = { code: 'custom', path: ['a'], message: 'bad' };
    expect(issueMessages([issue, issue], { root: 'query' })).toEqual(['query.a: bad']);
  });
});

describe('formatIssuePath', () => {
  it.each<[string, PropertyKey[], string]>([
    ['body', [], 'body'],
    ['body', ['email'], 'body.email'],
    ['body', ['items', 0, 'name'], 'body.items[0].name'],
    ['query', ['first name'], 'query["first name"]'],
    ['', ['email'], 'email'],
    ['', [0], '[0]'],
    ['', [], '(input)'],
    ['body', [Symbol('s')], 'body[Symbol(s)]'],
  ])('%p + %p → %s', (root, path, want) => {
    expect(formatIssuePath(root, path)).toBe(want);
  });
});

describe('validationError', () => {
  it('is a 422 carrying the messages', () => {
    const result = z.object({ limit: z.number().max(100) }).safeParse({ limit: 500 });
    expect(result.success).toBe(false);
    const error = validationError(result.error!.issues, { root: 'query' });
    expect(error).toBeInstanceOf(HttpError);
    expect(error.statusCode).toBe(422);
    expect(error.toBody()).toEqual({ code: 'validation_failed', messages: ['query.limit: must be <= 100'] });
  });
});

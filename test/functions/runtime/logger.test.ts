import fc from 'fast-check';
import { fixedClock } from '../../../functions/runtime/clock';
import { createLogger } from '../../../functions/runtime/logger';
import { REDACTED } from '../../../functions/runtime/redact';

const SECRET = 'ada@example.com';
const personalFields = ['email', 'name', 'phone'];

/** Runs `log` and returns the lines the logger wrote to stdout and stderr, parsed. */
function capture(log: () => void): { text: string; lines: Record<string, unknown>[] } {
  const chunks: string[] = [];
  const record = (chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(record);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(record);
  try {
    log();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const text = chunks.join('');
  const lines = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { text, lines };
}

function newLogger() {
  return createLogger({
    serviceName: 'users',
    personalFields,
    logLevel: 'DEBUG',
    clock: fixedClock('2026-11-22T14:00:00.000Z'),
  });
}

describe('createLogger', () => {
  it('writes Powertools JSON lines stamped by the clock', () => {
    const { lines } = capture(() => newLogger().info('user created', { user_id: 'usr-1' }));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'user created',
        service: 'users',
        timestamp: '2026-11-22T14:00:00.000Z',
        user_id: 'usr-1',
      }),
    ]);
  });

  it.each<[string, (logger: ReturnType<typeof newLogger>) => void, Record<string, unknown>]>([
    ['an extra object', (l) => l.info('m', { email: SECRET, id: 'usr-1' }), { email: REDACTED, id: 'usr-1' }],
    ['the message object', (l) => l.info({ message: 'm', email: SECRET }), { email: REDACTED }],
    [
      'a nested field',
      (l) => l.info('m', { user: { name: { first: SECRET }, id: 1 } }),
      { user: { name: REDACTED, id: 1 } },
    ],
    [
      'fields in arrays',
      (l) => l.info('m', { users: [{ phone: SECRET }, { email: SECRET }] }),
      {
        users: [{ phone: REDACTED }, { email: REDACTED }],
      },
    ],
    ['a debug line', (l) => l.debug('m', { email: SECRET }), { email: REDACTED }],
    ['a warn line', (l) => l.warn('m', { email: SECRET }), { email: REDACTED }],
  ])('redacts %s', (_label, log, want) => {
    const { text, lines } = capture(() => log(newLogger()));
    expect(text).not.toContain(SECRET);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual(expect.objectContaining(want));
  });

  it('redacts persistent and temporary keys', () => {
    const logger = newLogger();
    logger.appendPersistentKeys({ session: { email: SECRET } });
    logger.appendKeys({ phone: SECRET, request: 'r-1' });
    const { text, lines } = capture(() => logger.info('m'));
    expect(text).not.toContain(SECRET);
    expect(lines[0]).toEqual(
      expect.objectContaining({ session: { email: REDACTED }, phone: REDACTED, request: 'r-1' }),
    );
  });

  it("redacts an error's own fields and cause, keeping its description", () => {
    class LookupError extends Error {
      override name = 'LookupError';
      constructor(readonly email: string) {
        super('lookup failed', { cause: { phone: SECRET } });
      }
    }
    const { text, lines } = capture(() => newLogger().error('failed', new LookupError(SECRET)));
    expect(text).not.toContain(SECRET);
    expect(lines[0]).toEqual(
      expect.objectContaining({
        level: 'ERROR',
        error: expect.objectContaining({
          name: 'LookupError',
          message: 'lookup failed',
          email: REDACTED,
          cause: { phone: REDACTED },
          stack: expect.stringContaining('lookup failed'),
        }),
      }),
    );
  });

  it('redacts an error passed inside an object', () => {
    const error = Object.assign(new Error('boom'), { email: SECRET });
    const { text, lines } = capture(() => newLogger().error('failed', { error, id: 1 }));
    expect(text).not.toContain(SECRET);
    expect(lines[0]).toEqual(
      expect.objectContaining({ error: expect.objectContaining({ message: 'boom', email: REDACTED }) }),
    );
  });

  it('keeps redacting in child loggers', () => {
    const { text } = capture(() => newLogger().createChild().info('m', { email: SECRET }));
    expect(text).toContain(REDACTED);
    expect(text).not.toContain(SECRET);
  });

  it('handles circular attributes', () => {
    const user: Record<string, unknown> = { email: SECRET };
    user.self = user;
    const { text, lines } = capture(() => newLogger().info('m', { user }));
    expect(text).not.toContain(SECRET);
    expect(lines[0]).toEqual(expect.objectContaining({ user: { email: REDACTED, self: '[Circular]' } }));
  });

  it('does not mutate what it logs', () => {
    const attributes = { user: { email: SECRET } };
    capture(() => newLogger().info('m', attributes));
    expect(attributes.user.email).toBe(SECRET);
  });

  it('never writes a personal value (property)', () => {
    const key = fc.constantFrom('email', 'name', 'phone', 'id', 'items');
    const { node: tree } = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    }));
    const withSecrets = tree.map(function plant(value: unknown): unknown {
      if (Array.isArray(value)) return value.map(plant);
      if (typeof value !== 'object' || value === null) return value;
      return Object.fromEntries(
        Object.entries(value).map(([name, item]) => [
          name,
          personalFields.includes(name) ? SECRET : plant(item),
        ]),
      );
    });
    const logger = newLogger();
    fc.assert(
      fc.property(withSecrets, (data) => {
        const { text } = capture(() => logger.info('m', { data }));
        expect(text).not.toContain(SECRET);
      }),
    );
  });
});

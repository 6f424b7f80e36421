/** MemoryLogger: every line kept, read as Powertools reads a call, personal fields redacted. */
import { MemoryLogger } from '../../../../functions/runtime/testing/memory-logger';

describe('MemoryLogger', () => {
  it('keeps string and object messages, extra attributes and errors, redacting personal fields', () => {
    const logger = new MemoryLogger(['email']);
    logger.info('user created', { user_id: 'usr-1', email: 'ada@example.com' });
    logger.debug({ message: 'request refused', status: 409, nested: { email: 'ada@example.com' } });
    const error = new Error('boom');
    logger.error('failed', error);
    logger.warn('odd', 'text');
    expect(logger.lines).toEqual([
      { level: 'info', message: 'user created', attributes: { user_id: 'usr-1', email: '[REDACTED]' } },
      {
        level: 'debug',
        message: 'request refused',
        attributes: { status: 409, nested: { email: '[REDACTED]' } },
      },
      {
        level: 'error',
        message: 'failed',
        attributes: { error: expect.objectContaining({ message: 'boom' }) },
      },
      { level: 'warn', message: 'odd', attributes: { extra: 'text' } },
    ]);
    expect(logger.at('debug')).toHaveLength(1);
    expect(JSON.stringify(logger.lines)).not.toContain('ada@example.com');
  });

  it('hands out copies of its lines', () => {
    const logger = new MemoryLogger();
    logger.info('one');
    const lines = logger.lines as unknown[];
    lines.pop();
    expect(logger.lines).toHaveLength(1);
  });
});

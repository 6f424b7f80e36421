/** MemoryDedupe: the deployed dedupe store's rules (subscriber/dedupe.ts), in memory. */
import { testClock } from '../../../../functions/runtime/clock';
import { MemoryDedupe } from '../../../../functions/runtime/testing/memory-dedupe';

describe('MemoryDedupe', () => {
  it('remembers a handled event until its marker expires; marking twice says already_marked', async () => {
    const clock = testClock('2026-03-01T00:00:00Z');
    const dedupe = new MemoryDedupe({ clock, ttlSeconds: 60 });
    await expect(dedupe.isHandled('e1')).resolves.toBe(false);
    await expect(dedupe.markHandled('e1')).resolves.toBe('marked');
    await expect(dedupe.isHandled('e1')).resolves.toBe(true);
    await expect(dedupe.markHandled('e1')).resolves.toBe('already_marked');
    expect(dedupe.handled()).toEqual(['e1']);
    clock.advance(59_000);
    await expect(dedupe.isHandled('e1')).resolves.toBe(true);
    clock.advance(1_000);
    await expect(dedupe.isHandled('e1')).resolves.toBe(false);
    expect(dedupe.handled()).toEqual([]);
    await expect(dedupe.markHandled('e1')).resolves.toBe('marked');
  });

  it('refuses event ids whose key DynamoDB could not store, and a ttl that is not a positive integer', async () => {
    const dedupe = new MemoryDedupe({ subscriber: 'users-user' });
    await expect(dedupe.isHandled('')).rejects.toBeInstanceOf(RangeError);
    await expect(dedupe.markHandled('x'.repeat(2048))).rejects.toBeInstanceOf(RangeError);
    await expect(dedupe.markHandled('x'.repeat(2000))).resolves.toBe('marked');
    expect(() => new MemoryDedupe({ ttlSeconds: 0 })).toThrow(RangeError);
    expect(() => new MemoryDedupe({ ttlSeconds: 1.5 })).toThrow(RangeError);
  });
});

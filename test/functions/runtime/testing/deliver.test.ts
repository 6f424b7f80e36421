/**
 * deliver: the event the bus would deliver, handed to a subscriber's factory with the test's deps
 * and an in-memory dedupe store; what happened comes back, a failure rejects.
 */

import { z } from 'zod';
import { testClock } from '../../../../functions/runtime/clock';
import type { ServiceLogger } from '../../../../functions/runtime/logger';
import { type DedupeStore, subscriber } from '../../../../functions/runtime/subscriber';
import { deliver, type SubscriptionTarget } from '../../../../functions/runtime/testing/deliver';
import { MemoryDedupe } from '../../../../functions/runtime/testing/memory-dedupe';
import { MemoryLogger } from '../../../../functions/runtime/testing/memory-logger';

interface Deps {
  readonly logger: ServiceLogger;
  readonly clock: ReturnType<typeof testClock>;
  readonly handled: Array<{ id: string; version: number }>;
  readonly fail?: boolean;
}

const detailSchema = z.object({
  id: z.string(),
  event_id: z.string(),
  version: z.int().min(1),
  occurred_at: z.iso.datetime({ offset: true }),
});

const target = (detailType: string): SubscriptionTarget<Deps> => ({
  subscriber: 'things-thing',
  source: 'tributary.things',
  detailType,
  personalFields: ['email'],
  makeSubscriber: (deps: Deps, dedupe: DedupeStore) =>
    subscriber({
      source: 'tributary.things',
      detailTypes: ['thing.deleted'],
      ignoredDetailTypes: ['thing.upserted'],
      detailSchema,
      dedupe,
      logger: deps.logger,
      handle: async (message) => {
        if (deps.fail) throw new Error('owner down');
        deps.logger.info('handled', { id: message.detail.id, email: 'ada@example.com' });
        deps.handled.push({ id: message.detail.id, version: message.detail.version });
      },
    }),
});

describe('deliver', () => {
  it('builds the EventBridge event of the forwarder and reports the subscriber handled it', async () => {
    const logger = new MemoryLogger(['email']);
    const deps: Deps = { logger, clock: testClock('2026-03-01T12:00:00.250Z'), handled: [] };
    const delivery = await deliver(target('thing.deleted'), 'thg-1', { deps, version: 3, eventId: 'e-1' });
    expect(delivery.event).toEqual({
      version: '0',
      id: expect.any(String),
      'detail-type': 'thing.deleted',
      source: 'tributary.things',
      account: '000000000000',
      time: '2026-03-01T12:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { id: 'thg-1', event_id: 'e-1', version: 3, occurred_at: '2026-03-01T12:00:00.250Z' },
    });
    expect(delivery.outcome).toBe('handled');
    expect(deps.handled).toEqual([{ id: 'thg-1', version: 3 }]);
    // What the subscriber logged: in the delivery (redacted) and in the deps' own logger too.
    expect(delivery.logs).toContainEqual({
      level: 'info',
      message: 'handled',
      attributes: { id: 'thg-1', email: '[REDACTED]' },
    });
    expect(logger.lines.map((line) => line.message)).toContain('handled');
  });

  it('reports a redelivery through the same dedupe store as a duplicate, and an ignored type as ignored', async () => {
    const deps: Deps = { logger: new MemoryLogger(), clock: testClock(), handled: [] };
    const dedupe = new MemoryDedupe({ clock: deps.clock });
    await deliver(target('thing.deleted'), 'thg-1', { deps, dedupe, eventId: 'e-1' });
    const again = await deliver(target('thing.deleted'), 'thg-1', { deps, dedupe, eventId: 'e-1' });
    expect(again.outcome).toBe('duplicate');
    expect(again.dedupe).toBe(dedupe);
    const fresh = await deliver(target('thing.deleted'), 'thg-1', { deps, eventId: 'e-1' });
    expect(fresh.outcome).toBe('handled');
    const ignored = await deliver(target('thing.upserted'), 'thg-1', { deps, dedupe });
    expect(ignored.outcome).toBe('ignored');
    expect(deps.handled).toHaveLength(2);
  });

  it("rejects with the subscriber's error, marking nothing handled", async () => {
    const deps: Deps = { logger: new MemoryLogger(), clock: testClock(), handled: [], fail: true };
    const dedupe = new MemoryDedupe();
    await expect(deliver(target('thing.deleted'), 'thg-1', { deps, dedupe })).rejects.toThrow('owner down');
    expect(dedupe.handled()).toEqual([]);
    await expect(deliver(target('thing.other'), 'thg-1', { deps })).rejects.toThrow(
      /rule's event pattern and its code disagree/,
    );
  });
});

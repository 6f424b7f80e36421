import type { SubscriberMessage } from '../../../../functions/runtime/subscriber';
import {
  actOnOwnerState,
  eventKindOf,
  type OwnedResource,
  type OwnerStateOptions,
  StaleOwnerStateError,
  type VersionedDetail,
} from '../../../../functions/runtime/subscriber/owner-state';
import { RecordingLogger } from './support';

const ID = 'itm-01J0000000000000000000000A';

function message(kind: 'upserted' | 'deleted', version: number): SubscriberMessage<VersionedDetail> {
  return {
    source: 'tributary.things',
    detailType: `thing.${kind}`,
    detail: { id: ID, event_id: `ev-${kind}-${version}`, version },
    eventBridgeId: 'eb-1',
    time: '2026-05-01T12:00:00Z',
  };
}

/** An owner holding `stored` (or nothing), and what the subscriber did. */
function setup(stored: OwnedResource | undefined, handlers: 'both' | 'upserted' | 'deleted' = 'both') {
  const did: string[] = [];
  const logger = new RecordingLogger();
  const options: OwnerStateOptions<OwnedResource, VersionedDetail> = {
    fetch: async (id) => {
      did.push(`fetch ${id}`);
      return stored;
    },
    logger,
    ...(handlers !== 'deleted'
      ? { upserted: async (current: OwnedResource) => void did.push(`upserted v${current.version}`) }
      : {}),
    ...(handlers !== 'upserted' ? { deleted: async (id: string) => void did.push(`deleted ${id}`) } : {}),
  };
  return { handle: actOnOwnerState(options), did, logger };
}

describe('actOnOwnerState', () => {
  it.each<[string, OwnedResource | undefined, 'upserted' | 'deleted', number, string, string[]]>([
    [
      'upserted, owner at the event version',
      { id: ID, version: 3 },
      'upserted',
      3,
      'upserted',
      ['upserted v3'],
    ],
    ['upserted, owner already further', { id: ID, version: 5 }, 'upserted', 3, 'upserted', ['upserted v5']],
    ['upserted, owner says 404 (deleted since)', undefined, 'upserted', 3, 'deleted', [`deleted ${ID}`]],
    ['deleted, owner says 404 (confirmed)', undefined, 'deleted', 4, 'deleted', [`deleted ${ID}`]],
    [
      'deleted, owner still has it (forged or replayed)',
      { id: ID, version: 2 },
      'deleted',
      3,
      'deletion_contradicted',
      [],
    ],
  ])('%s', async (_title, stored, kind, version, outcome, actions) => {
    const { handle, did } = setup(stored);
    await expect(handle(message(kind, version))).resolves.toBe(outcome);
    expect(did).toEqual([`fetch ${ID}`, ...actions]);
  });

  it('an owner older than the event throws StaleOwnerStateError and acts on nothing', async () => {
    const { handle, did } = setup({ id: ID, version: 2 });
    await expect(handle(message('upserted', 3))).rejects.toThrow(StaleOwnerStateError);
    expect(did).toEqual([`fetch ${ID}`]);
  });

  it('a forged upserted with a version from the future changes nothing (retried, then parked)', async () => {
    const { handle, did } = setup({ id: ID, version: 2 });
    await expect(handle(message('upserted', 1_000_000))).rejects.toMatchObject({
      resourceId: ID,
      eventVersion: 1_000_000,
      ownerVersion: 2,
    });
    expect(did).toEqual([`fetch ${ID}`]);
  });

  it('a contradicted deletion is logged with ids only', async () => {
    const { handle, logger } = setup({ id: ID, version: 2 });
    await handle(message('deleted', 3));
    expect(logger.at('warn')).toEqual([
      expect.objectContaining({
        message: 'deleted event contradicted by the owner, which still has the resource: nothing done',
      }),
    ]);
    expect(JSON.stringify(logger.at('warn'))).toContain(ID);
  });

  it('without an upserted handler, an upserted event acts on nothing', async () => {
    const { handle, did } = setup({ id: ID, version: 3 }, 'deleted');
    await expect(handle(message('upserted', 3))).resolves.toBe('not_handled');
    expect(did).toEqual([`fetch ${ID}`]);
  });

  it('without a deleted handler, a confirmed deletion acts on nothing', async () => {
    const { handle, did } = setup(undefined, 'upserted');
    await expect(handle(message('deleted', 3))).resolves.toBe('not_handled');
    await expect(handle(message('upserted', 3))).resolves.toBe('gone_since');
    expect(did).toEqual([`fetch ${ID}`, `fetch ${ID}`]);
  });

  it('a failing owner fails the event', async () => {
    const error = new Error('owner answered 503');
    const handle = actOnOwnerState<OwnedResource, VersionedDetail>({
      fetch: async () => {
        throw error;
      },
      deleted: async () => {
        throw new Error('must not run');
      },
      logger: new RecordingLogger(),
    });
    await expect(handle(message('deleted', 1))).rejects.toBe(error);
  });

  it('needs at least one handler', () => {
    expect(() =>
      actOnOwnerState<OwnedResource, VersionedDetail>({
        fetch: async () => undefined,
        logger: new RecordingLogger(),
      }),
    ).toThrow(TypeError);
  });
});

describe('eventKindOf', () => {
  it.each([
    ['user.upserted', 'upserted'],
    ['line_item.deleted', 'deleted'],
    ['user.created', undefined],
    ['deleted', undefined],
  ])('%s → %s', (detailType, kind) => {
    expect(eventKindOf(detailType)).toBe(kind);
  });
});

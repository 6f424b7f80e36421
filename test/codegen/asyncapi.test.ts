/**
 * The event contract (asyncapi.json): one transform per object (given/want), and every document,
 * the reference services' and generated sets', valid for the official AsyncAPI parser with no
 * error and no warning.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import {
  asyncApiDocument,
  channelKey,
  envelopeSchema,
  eventDetailSchema,
  operationsObject,
  publishedBusEvents,
  receivedBusEvents,
} from '../../lib/codegen/asyncapi/document';
import type { Spec } from '../../lib/contract/schema';

const ROOT = join(__dirname, '..', '..');
const readSpec = (file: string): Spec => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Spec;
const REFERENCE = ['users', 'orders', 'notifications'].map((name) => readSpec(`api-specs/${name}.json`));
const FIXTURES = ['test/fixtures/services/catalog.json', 'test/fixtures/services/inventory.json'].map(
  readSpec,
);

/** A spec with a stored resource publishing `events`, a computed resource, and `subscriptions`. */
function spec(overrides: Partial<Spec> = {}): Spec {
  return {
    name: 'shop',
    models: { cart: { fields: [{ name: 'id', type: 'string' }] } },
    resources: {
      cart: {
        path: '/carts',
        storage: {},
        operations: [{ method: 'GET', path: '/:id', responses: { '200': { type: 'cart' } } }],
      },
      report: { path: '/reports', operations: [{ method: 'GET', responses: { '200': { type: '[cart]' } } }] },
    },
    ...overrides,
  } as Spec;
}

interface Schema {
  readonly properties?: Record<string, Schema>;
}

/** Every property name of a JSON schema, nested ones included. */
function propertyNames(schema: Schema): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, inner]) => [name, ...propertyNames(inner)]);
}

/** Errors and warnings of the official parser (severity 0 and 1); hints and information aside. */
async function parserProblems(document: unknown): Promise<string[]> {
  const { diagnostics } = await new Parser().parse(JSON.stringify(document));
  return diagnostics
    .filter((d) => d.severity <= 1)
    .map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
}

describe('what a service publishes and receives', () => {
  it.each([
    ['a stored resource publishes both events', spec(), ['shopCartDeleted', 'shopCartUpserted']],
    [
      'a resource that names its events publishes those only',
      spec({
        resources: {
          cart: {
            path: '/carts',
            storage: {},
            events: ['upserted'],
            operations: [{ method: 'GET', path: '/:id', responses: { '200': { type: 'cart' } } }],
          },
        },
      }),
      ['shopCartUpserted'],
    ],
    ['a service with no resources publishes nothing', spec({ resources: {} }), []],
  ])('%s', (_title, given, want) => {
    expect(publishedBusEvents(given).map(channelKey)).toEqual(want);
  });

  it('receives each subscribed event once, whatever the order of subscriptions', () => {
    const given = spec({
      subscriptions: [
        { service: 'users', resource: 'user', events: ['deleted', 'upserted'] },
        { service: 'catalog', resource: 'product', events: ['upserted'] },
        { service: 'users', resource: 'user', events: ['upserted'] },
      ],
    });
    expect(receivedBusEvents(given).map(channelKey)).toEqual([
      'catalogProductUpserted',
      'usersUserDeleted',
      'usersUserUpserted',
    ]);
  });

  it('keys channels by source: two services publishing item.upserted are two channels, one address', () => {
    const given = spec({
      subscriptions: [
        { service: 'north', resource: 'item', events: ['upserted'] },
        { service: 'south', resource: 'item', events: ['upserted'] },
      ],
    });
    const { channels } = asyncApiDocument(given) as { channels: Record<string, { address: string }> };
    expect(channels.northItemUpserted?.address).toBe('item.upserted');
    expect(channels.southItemUpserted?.address).toBe('item.upserted');
  });
});

describe('operations', () => {
  it('sends what the service publishes and receives what it subscribes to, sorted by name', () => {
    const given = spec({
      subscriptions: [
        { service: 'users', resource: 'user', events: ['deleted'], description: 'Forgets carts.' },
      ],
    });
    expect(operationsObject(given)).toEqual({
      receiveUsersUserDeleted: {
        action: 'receive',
        channel: { $ref: '#/channels/usersUserDeleted' },
        summary: 'Forgets carts.',
        messages: [{ $ref: '#/channels/usersUserDeleted/messages/UsersUserDeleted' }],
      },
      sendShopCartDeleted: expect.objectContaining({
        action: 'send',
        channel: { $ref: '#/channels/shopCartDeleted' },
      }),
      sendShopCartUpserted: expect.objectContaining({
        action: 'send',
        channel: { $ref: '#/channels/shopCartUpserted' },
      }),
    });
  });
});

describe('payloads', () => {
  it('fix the source and detail-type of the envelope and refer to the id-only detail', () => {
    const envelope = envelopeSchema({ service: 'orders', resource: 'order', event: 'upserted' }) as {
      properties: Record<string, unknown>;
    };
    expect(envelope.properties['detail-type']).toEqual({ type: 'string', const: 'order.upserted' });
    expect(envelope.properties.source).toEqual({ type: 'string', const: 'tributary.orders' });
    expect(envelope.properties.detail).toEqual({ $ref: '#/components/schemas/EventDetail' });
  });

  it('carry identifiers only: no field of any model, so nothing annotated personal_data', () => {
    const detail = eventDetailSchema() as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
    };
    expect(Object.keys(detail.properties).sort()).toEqual(['event_id', 'id', 'occurred_at', 'version']);
    expect(detail.additionalProperties).toBe(false);
    for (const given of REFERENCE) {
      const { components } = asyncApiDocument(given) as { components: { schemas: Record<string, Schema> } };
      const payloadFields = new Set(Object.values(components.schemas).flatMap(propertyNames));
      const personal = Object.values(given.models ?? {}).flatMap((model) =>
        model.fields.filter((f) => f.annotations?.includes('personal_data')).map((f) => f.name),
      );
      // users has personal data (email, name): the check below has something to find there.
      if (given.name === 'users') expect(personal).toEqual(expect.arrayContaining(['email', 'name']));
      for (const name of personal) expect(payloadFields.has(name)).toBe(false);
    }
  });
});

describe('the official AsyncAPI parser', () => {
  it.each([...REFERENCE, ...FIXTURES].map((s) => [s.name, s] as const))(
    'finds no error or warning in the document of %s',
    async (_name, given) => {
      expect(await parserProblems(asyncApiDocument(given))).toEqual([]);
    },
  );

  it('finds no error or warning for a service that publishes nothing and subscribes to nothing', async () => {
    expect(await parserProblems(asyncApiDocument(spec({ resources: {} })))).toEqual([]);
  });

  it('would catch a broken document (the check can fail)', async () => {
    const broken = { ...asyncApiDocument(spec()), operations: { sendX: { action: 'publish', channel: {} } } };
    expect((await parserProblems(broken)).length).toBeGreaterThan(0);
  });

  it('reads the channels and operations the generator wrote', async () => {
    const notifications = REFERENCE[2] as Spec;
    const { document } = await new Parser().parse(JSON.stringify(asyncApiDocument(notifications)));
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address())
        .sort(),
    ).toEqual(['notification.deleted', 'notification.upserted', 'order.upserted']);
    expect(
      document
        ?.operations()
        .filterByReceive()
        .map((o) => o.id()),
    ).toEqual(['receiveOrdersOrderUpserted']);
  });
});

describe('generated files', () => {
  it.each(['users', 'orders', 'notifications'])(
    'functions/%s/generated/asyncapi.json is the document of its spec',
    (name) => {
      const written = JSON.parse(
        readFileSync(join(ROOT, 'functions', name, 'generated', 'asyncapi.json'), 'utf8'),
      );
      expect(written).toEqual(asyncApiDocument(readSpec(`api-specs/${name}.json`)));
    },
  );
});

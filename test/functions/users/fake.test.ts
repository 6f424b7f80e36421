/**
 * The generated fake of users (functions/users/generated/testing/fake.ts): the real service in
 * process, answering its own generated client through the real HTTP adapter, over in-memory
 * repositories. Every standard operation, with its 404, 409 and 422, as the deployed service answers.
 */
import { testClock } from '../../../functions/runtime/clock';
import { ApiError } from '../../../functions/runtime/http-client';
import { UniqueConstraintError } from '../../../functions/runtime/repository';
import { apiGatewayEvent } from '../../../functions/runtime/testing/in-process-fetch';
import type { CreateUserBodyInput } from '../../../functions/users/generated/operations';
import { fakeUsers } from '../../../functions/users/generated/testing';

const START = '2026-03-01T12:00:00.000Z';
const ada = { email: 'ada@example.com', name: { first: 'Ada', last: 'Lovelace' } };
const bob = { email: 'bob@example.com', name: { first: 'Bob' } };

/** The ApiError a call rejects with (fails the test when it resolves, or rejects with anything else). */
async function apiError(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('fakeUsers: createUser', () => {
  it('answers 201 with the stored user: an id of the clock, version 1, the default status', async () => {
    const users = fakeUsers({ clock: testClock(START) });
    const created = await users.client.createUser(ada);
    expect(created).toEqual({
      id: expect.stringMatching(/^usr-[0-7][0-9A-HJKMNP-TV-Z]{25}$/),
      email: 'ada@example.com',
      name: { first: 'Ada', last: 'Lovelace' },
      status: 'active',
      version: 1,
      created_at: START,
      updated_at: START,
    });
    expect(users.repositories.user.all()).toEqual([created]);
    await expect(users.client.getUser(created.id)).resolves.toEqual(created);
  });

  it('answers 409 for an email another user has', async () => {
    const users = fakeUsers();
    await users.client.createUser(ada);
    const error = await apiError(users.client.createUser({ ...ada, name: { first: 'Eve' } }));
    expect(error.status).toBe(409);
    expect(error.body).toEqual({ code: 'conflict', messages: ['email: is already taken'] });
    expect(users.repositories.user.size).toBe(1);
  });

  it('answers 409 for an email another user has in another letter case, and keeps each as given', async () => {
    const users = fakeUsers();
    const d = await users.client.createUser({ email: 'D@Example.com', name: { first: 'D' } });
    expect(d.email).toBe('D@Example.com');
    for (const email of ['d@example.com', 'D@EXAMPLE.COM']) {
      const error = await apiError(users.client.createUser({ email, name: { first: 'Eve' } }));
      expect(error.status).toBe(409);
      expect(error.body).toEqual({ code: 'conflict', messages: ['email: is already taken'] });
    }
    const e = await users.client.createUser({ email: 'e@example.com', name: { first: 'E' } });
    const moved = await apiError(
      users.client.replaceUser(e.id, { email: 'd@example.COM', name: { first: 'E' } }),
    );
    expect(moved.status).toBe(409);
    expect((await users.client.listUsers({ email: 'D@EXAMPLE.COM' })).items).toEqual([d]);
    await expect(users.repositories.user.findByEmail('d@example.com')).resolves.toEqual(d);
    // its owner may change the case of its own address
    await expect(
      users.client.replaceUser(d.id, { email: 'd@example.com', name: { first: 'D' } }),
    ).resolves.toMatchObject({ email: 'd@example.com', version: 2 });
    expect(users.repositories.user.size).toBe(2);
  });

  it('answers 422 naming every bad field of the body, and stores nothing', async () => {
    const users = fakeUsers();
    const body = { email: 'not an email', name: { first: 'x'.repeat(101) }, status: 'gone' };
    const error = await apiError(users.client.createUser(body as unknown as CreateUserBodyInput));
    expect(error.status).toBe(422);
    expect(error.code).toBe('validation_failed');
    expect(error.messages.map((message) => message.split(':')[0])).toEqual([
      'body.email',
      'body.name.first',
      'body.status',
    ]);
    const missing = await apiError(users.client.createUser({} as CreateUserBodyInput));
    expect(missing.status).toBe(422);
    expect(missing.messages).toEqual(['body.name: is required']);
    expect(users.repositories.user.size).toBe(0);
  });
});

describe('fakeUsers: getUser, listUsers', () => {
  it('getUser resolves to undefined for an id no user has (404)', async () => {
    const users = fakeUsers();
    await expect(users.client.getUser('usr-01JD3QZ8V5K2W7G9X4M6N8P0RT')).resolves.toBeUndefined();
    await expect(users.client.getUser('not an id/..')).resolves.toBeUndefined();
  });

  it('lists newest first a page at a time, filters by email, and refuses a bad page', async () => {
    const clock = testClock(START);
    const users = fakeUsers({ clock });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      ids.push((await users.client.createUser({ email: `u${i}@example.com`, name: {} })).id);
    }
    const first = await users.client.listUsers({ limit: 2 });
    expect(first.items.map((user) => user.id)).toEqual([ids[4], ids[3]]);
    const second = await users.client.listUsers({ limit: 2, cursor: first.cursor });
    const third = await users.client.listUsers({ limit: 2, cursor: second.cursor });
    expect([...second.items, ...third.items].map((user) => user.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(third.cursor).toBeUndefined();
    await expect(users.client.listUsers()).resolves.toMatchObject({ items: { length: 5 } });

    const one = await users.client.listUsers({ email: 'u3@example.com' });
    expect(one).toEqual({ items: [expect.objectContaining({ id: ids[3] })] });

    const limit = await apiError(users.client.listUsers({ limit: 0 }));
    expect(limit.status).toBe(422);
    expect(limit.messages).toEqual([expect.stringMatching(/^query\.limit: /)]);
    const cursor = await apiError(users.client.listUsers({ cursor: 'not-a-cursor' }));
    expect(cursor.status).toBe(422);
    expect(cursor.messages).toEqual(['query.cursor: is not a valid cursor']);
    const otherListing = await apiError(
      users.client.listUsers({ email: 'u3@example.com', cursor: first.cursor }),
    );
    expect(otherListing.status).toBe(422);
  });
});

describe('fakeUsers: replaceUser, deleteUser', () => {
  it('replaces: version 2, created_at kept; the same content writes nothing', async () => {
    const clock = testClock(START);
    const users = fakeUsers({ clock });
    const created = await users.client.createUser(ada);
    clock.advance(60_000);
    const replaced = await users.client.replaceUser(created.id, { ...ada, status: 'inactive' });
    expect(replaced).toEqual({
      ...created,
      status: 'inactive',
      version: 2,
      updated_at: '2026-03-01T12:01:00.000Z',
    });
    clock.advance(60_000);
    await expect(users.client.replaceUser(created.id, { ...ada, status: 'inactive' })).resolves.toEqual(
      replaced,
    );
  });

  it('answers 404 for a user that is not there, 409 for a taken email, 422 for a bad body', async () => {
    const users = fakeUsers();
    const first = await users.client.createUser(ada);
    const second = await users.client.createUser(bob);
    const missing = await apiError(users.client.replaceUser('usr-01JD3QZ8V5K2W7G9X4M6N8P0RT', ada));
    expect(missing.status).toBe(404);
    const taken = await apiError(users.client.replaceUser(second.id, { ...bob, email: ada.email }));
    expect(taken.status).toBe(409);
    expect(taken.messages).toEqual(['email: is already taken']);
    const bad = await apiError(
      users.client.replaceUser(first.id, { name: 'Ada' } as unknown as CreateUserBodyInput),
    );
    expect(bad.status).toBe(422);
    expect(bad.messages).toEqual([expect.stringMatching(/^body\.name: /)]);
    await expect(users.client.getUser(second.id)).resolves.toEqual(second);
  });

  it('deletes (204); then the user is gone and a second delete is a 404', async () => {
    const users = fakeUsers();
    const created = await users.client.createUser(ada);
    await expect(users.client.deleteUser(created.id)).resolves.toBeUndefined();
    await expect(users.client.getUser(created.id)).resolves.toBeUndefined();
    expect((await apiError(users.client.deleteUser(created.id))).status).toBe(404);
    // The email is free again.
    await expect(users.client.createUser(ada)).resolves.toMatchObject({ email: ada.email });
  });
});

describe('fakeUsers: options and what it exposes', () => {
  it('stores seed users before the first request, defaults applied, and refuses seeds that clash', async () => {
    const users = fakeUsers({
      clock: testClock(START),
      seed: { user: [ada, { ...bob, status: 'pending' }] },
    });
    const [seededAda, seededBob] = users.seeded.user;
    expect(seededAda).toMatchObject({ ...ada, status: 'active', version: 1, created_at: START });
    expect(seededBob).toMatchObject({ status: 'pending' });
    await expect(users.client.getUser(seededAda?.id ?? '')).resolves.toEqual(seededAda);
    expect(() => fakeUsers({ seed: { user: [ada, ada] } })).toThrow(UniqueConstraintError);
    expect(() => fakeUsers({ seed: { user: [{ name: { first: 'x'.repeat(101) } }] } })).toThrow(
      /too_big|Too big/,
    );
  });

  it('serves the routes of the real adapter: an unknown path is a 404, a wrong method a 405', async () => {
    const users = fakeUsers();
    const call = (method: string, path: string) =>
      users.router(apiGatewayEvent(`http://users.fake.invalid${path}`, { method, headers: {} }, new Date()));
    await expect(call('GET', '/nothing')).resolves.toMatchObject({ statusCode: 404 });
    await expect(call('PATCH', '/users/usr-1')).resolves.toMatchObject({
      statusCode: 405,
      headers: expect.objectContaining({ allow: 'DELETE, GET, PUT' }),
    });
  });

  it('logs what the deployed service logs, with no personal value in it', async () => {
    const users = fakeUsers();
    await users.client.createUser(ada);
    await apiError(users.client.createUser(ada));
    expect(users.logger.at('debug')).toEqual([
      expect.objectContaining({
        message: 'request refused',
        attributes: expect.objectContaining({ status: 409 }),
      }),
    ]);
    expect(JSON.stringify(users.logger.lines)).not.toContain('ada@example.com');
  });
});

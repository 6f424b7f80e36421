/**
 * Open enums for readers, closed for the server: an old client (the generated UsersClient, which
 * knows pending, active and inactive) reading a user whose status was added to users since
 * (`suspended`) gets the user, the status kept as an UnknownEnumValue; the users service itself
 * still refuses a status it does not know.
 */

import { isKnownValue, openEnum, type UnknownEnumValue } from '../../../functions/runtime/open-enum';
import { UsersClient } from '../../../functions/users/generated/client';
import { USER_STATUS_VALUES, userFormSchema } from '../../../functions/users/generated/models';
import { userReadSchema, userStatusReadSchema } from '../../../functions/users/generated/readers';

const NOW = '2026-11-22T14:00:00.000Z';
const suspended = {
  id: 'usr-01KAAAAAAAAAAAAAAAAAAAAAAA',
  name: { first: 'Ada' },
  status: 'suspended',
  version: 3,
  created_at: NOW,
  updated_at: NOW,
};

function answering(status: number, body: unknown) {
  return async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('an old client reading a value added since it was generated', () => {
  const client = (status: number, body: unknown) =>
    new UsersClient({
      baseUrl: 'https://users.example.com',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      fetch: answering(status, body),
    });

  it('gets the resource, with the unknown value as it was sent', async () => {
    const user = await client(200, suspended).getUser(suspended.id);
    expect(user).toEqual(suspended);
    expect(user && isKnownValue(USER_STATUS_VALUES, user.status)).toBe(false);
  });

  it('reads lists the same way', async () => {
    const page = await client(200, [suspended, { ...suspended, status: 'active' }]).listUsers();
    expect(page.items.map((user) => user.status)).toEqual(['suspended', 'active']);
    expect(page.items.map((user) => isKnownValue(USER_STATUS_VALUES, user.status))).toEqual([false, true]);
  });

  it('still refuses what is not an enum value at all (not a string): the contract is broken', async () => {
    await expect(client(200, { ...suspended, status: 42 }).getUser(suspended.id)).rejects.toMatchObject({
      name: 'InvalidResponseError',
    });
  });

  it('types the value so that code switching on the known ones must handle it', () => {
    const parsed = userReadSchema.parse(suspended);
    const label = (status: typeof parsed.status): string => {
      switch (status) {
        case 'pending':
          return 'waiting';
        case 'active':
          return 'on';
        case 'inactive':
          return 'off';
        default: {
          // Without this branch the switch would not compile: `status` is an UnknownEnumValue here.
          const unknown: UnknownEnumValue = status;
          return `unknown (${unknown})`;
        }
      }
    };
    expect(label(parsed.status)).toBe('unknown (suspended)');
  });
});

describe('the server stays closed', () => {
  it('refuses a status it does not know in what it reads', () => {
    const result = userFormSchema.safeParse({ name: {}, status: 'suspended' });
    expect(result.success).toBe(false);
  });

  it("an enum's reader schema takes known and unknown strings, and nothing else", () => {
    expect(userStatusReadSchema.parse('active')).toBe('active');
    expect(userStatusReadSchema.parse('suspended')).toBe('suspended');
    expect(userStatusReadSchema.safeParse(1).success).toBe(false);
    expect(openEnum(['a', 'b']).safeParse(null).success).toBe(false);
  });
});

/**
 * A test resource for the repository tests: `user` with a unique index on `email`, a plain index on
 * `team`, and a plain two-field index on `team` + `status`. `parse` is strict, so an attribute the
 * repository fails to strip (pk, _type, hash_code, ix_*) makes it throw.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Clock } from '../../functions/runtime/clock';
import { DEFAULT_LIST_SHARDS, indexName, LIST_INDEX } from '../../functions/runtime/conventions';
import { type IndexConfig, ResourceRepository } from '../../functions/runtime/repository';
import type { TableLayout } from '../../lib/contract/table-layout';

export const userSchema = z.strictObject({
  id: z.string(),
  version: z.number().int().min(1),
  email: z.string().optional(),
  name: z.strictObject({ first: z.string().optional(), last: z.string().optional() }),
  team: z.string().optional(),
  status: z.enum(['active', 'inactive']),
  created_at: z.string(),
  updated_at: z.string(),
});

export type User = z.infer<typeof userSchema>;
export type UserForm = Omit<User, 'id' | 'version' | 'created_at' | 'updated_at'>;

export const EMAIL_INDEX = indexName('user', ['email']);
export const TEAM_INDEX = indexName('user', ['team']);
export const TEAM_STATUS_INDEX = indexName('user', ['team', 'status']);

export const USER_INDEXES: readonly IndexConfig[] = [
  { name: EMAIL_INDEX, fields: ['email'], unique: true },
  { name: TEAM_INDEX, fields: ['team'], unique: false },
  { name: TEAM_STATUS_INDEX, fields: ['team', 'status'], unique: false },
];

/** The table layout of a service holding only `user` (as tableLayout() would make it). */
export const USERS_LAYOUT: TableLayout = {
  service: 'users',
  resources: [
    {
      resource: 'user',
      listShards: DEFAULT_LIST_SHARDS,
      indexes: USER_INDEXES.map((index) => ({
        ...index,
        ignoreCase: index.ignoreCase === true,
        resource: 'user',
        partitionKey: index.name,
        sortKey: 'id' as const,
      })),
    },
  ],
  globalSecondaryIndexes: [
    LIST_INDEX,
    ...USER_INDEXES.map((index) => ({ name: index.name, partitionKey: index.name, sortKey: 'id' })),
  ],
};

export function userRepository(
  client: DynamoDBDocumentClient,
  tableName: string,
  clock?: Clock,
  listShards?: number,
): ResourceRepository<User, UserForm> {
  return new ResourceRepository<User, UserForm>({
    client,
    tableName,
    resource: 'user',
    idPrefix: 'usr',
    indexes: USER_INDEXES,
    parse: (item) => userSchema.parse(item),
    ...(clock === undefined ? {} : { clock }),
    ...(listShards === undefined ? {} : { listShards }),
  });
}

export function userForm(overrides: Partial<UserForm> = {}): UserForm {
  return { name: { first: 'Ada', last: 'Lovelace' }, status: 'active', ...overrides };
}

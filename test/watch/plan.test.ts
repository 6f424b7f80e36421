/**
 * The rebuild planner of `dev up --watch`: a spec reloads the system; source files rebundle exactly
 * the entries that read them (plus, for a file nobody reads, the entries reading its folder, and
 * entries whose last build failed).
 */
import { classifyChange } from '../../lib/watch/classify';
import { affectedEntries, type EntryInputs, planRebuild } from '../../lib/watch/plan';

const GET_ORDER = 'functions/orders/generated/lambdas/get-order.ts';
const CREATE_ORDER = 'functions/orders/generated/lambdas/create-order.ts';
const ON_USER = 'functions/orders/generated/lambdas/on-users-user.ts';
const GET_USER = 'functions/users/generated/lambdas/get-user.ts';
const FORWARDER = 'functions/runtime/forwarder/handler.ts';

const RUNTIME = [
  'functions/runtime/http/handler.ts',
  'functions/runtime/errors.ts',
  'node_modules/zod/index.js',
];
const INPUTS: EntryInputs = new Map([
  [GET_ORDER, [GET_ORDER, 'functions/orders/generated/service.ts', ...RUNTIME]],
  [
    CREATE_ORDER,
    [
      CREATE_ORDER,
      'functions/orders/handlers/create-order.ts',
      'functions/orders/domain/orders.ts',
      'functions/orders/domain/total.ts',
      'functions/orders/generated/service.ts',
      ...RUNTIME,
    ],
  ],
  [ON_USER, [ON_USER, 'functions/orders/subscribers/users-user.ts', 'functions/orders/domain/orders.ts']],
  [GET_USER, [GET_USER, 'functions/users/generated/service.ts', ...RUNTIME]],
  [FORWARDER, [FORWARDER, 'functions/runtime/forwarder/forward.ts', 'functions/runtime/errors.ts']],
]);

const plan = (paths: string[], failing: string[] = []) =>
  planRebuild(paths.map(classifyChange), INPUTS, new Set(failing));

describe('planRebuild', () => {
  const table: ReadonlyArray<[string, string[], string[]]> = [
    // what was saved → the entries to rebundle
    ['a handler: its entry only', ['functions/orders/handlers/create-order.ts'], [CREATE_ORDER]],
    ['a domain file two entries read', ['functions/orders/domain/orders.ts'], [CREATE_ORDER, ON_USER]],
    ['a subscriber', ['functions/orders/subscribers/users-user.ts'], [ON_USER]],
    ['a generated entry (dev generate run by hand)', [GET_ORDER], [GET_ORDER]],
    [
      'shared runtime code: every entry reading it',
      ['functions/runtime/errors.ts'],
      [CREATE_ORDER, GET_ORDER, FORWARDER, GET_USER],
    ],
    [
      'a file nobody reads yet, beside the files of the create-order entry',
      ['functions/orders/handlers/new-helper.ts'],
      [CREATE_ORDER],
    ],
    ['a new file in a folder nobody reads from', ['functions/catalog/handlers/label.ts'], []],
    [
      'two saves of one burst',
      ['functions/orders/domain/total.ts', 'functions/users/generated/service.ts'],
      [CREATE_ORDER, GET_USER],
    ],
  ];

  it.each(table)('%s', (_name, paths, entries) => {
    const got = plan(paths);
    if (entries.length === 0) expect(got.kind).toBe('none');
    else expect(got).toEqual({ kind: 'code', entries, changed: [...paths].sort() });
  });

  it('reloads the system for a spec, whatever code was saved with it', () => {
    expect(
      plan(['functions/orders/handlers/create-order.ts', 'api-specs/orders.json', 'api-specs/users.json']),
    ).toEqual({
      kind: 'system',
      specs: ['api-specs/orders.json', 'api-specs/users.json'],
      services: ['orders', 'users'],
    });
  });

  it('does nothing for editor temp files, schema and allow files, or anything outside', () => {
    const got = plan([
      'functions/orders/handlers/.create-order.ts.swp',
      'functions/orders/handlers/create-order.ts~',
      'api-specs/spec.schema.json',
      'api-specs/breaking-changes.allow.json',
      'cdk.out/manifest.json',
    ]);
    expect(got.kind).toBe('none');
    expect(got.kind === 'none' ? got.ignored.map((change) => change.kind) : []).toEqual([
      'ignored',
      'ignored',
      'ignored',
      'ignored',
      'ignored',
    ]);
  });

  it('retries the entries whose last build failed on the next save of any source file', () => {
    expect(plan(['functions/orders/domain/total.ts'], [GET_USER])).toEqual({
      kind: 'code',
      entries: [CREATE_ORDER, GET_USER],
      changed: ['functions/orders/domain/total.ts'],
    });
    // Even a file nobody reads: it may be the missing import that broke the build.
    expect(plan(['functions/users/domain/missing.ts'], [GET_USER])).toMatchObject({ entries: [GET_USER] });
    // But not on an ignored save.
    expect(plan(['functions/orders/domain/.total.ts.swp'], [GET_USER]).kind).toBe('none');
  });

  it('rebuilds the readers of a deleted file (their build then says what is missing)', () => {
    expect(affectedEntries(['functions/runtime/forwarder/forward.ts'], INPUTS)).toEqual([FORWARDER]);
  });

  it('knows nothing without inputs: no entry read anything yet', () => {
    expect(affectedEntries(['functions/orders/domain/total.ts'], new Map())).toEqual([]);
    expect(affectedEntries([], INPUTS, new Set([GET_USER]))).toEqual([]);
  });
});

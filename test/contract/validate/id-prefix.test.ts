import { assertIdPrefix } from '../../../functions/runtime/ids';
import { ID_PREFIX_PATTERN } from '../../../lib/contract/schema';
import { expectOnly, type Fires, type Passes, type SpecObject, validateChanged } from './helpers';

/** Adds a resource `name` (with its model) to the base spec, whose only resource is `user` (derived prefix "usr"). */
const withResource =
  (name: string, extra: Record<string, unknown> = {}) =>
  (s: SpecObject) => {
    s.models[name] = { fields: [{ name: 'id', type: 'string' }] };
    s.resources[name] = {
      path: `/${name.replaceAll('_', '-')}s`,
      ...extra,
      operations: [{ method: 'GET', path: '/:id', responses: { '200': { type: name } } }],
    };
  };

describe('id-prefix', () => {
  const fires: Fires[] = [
    [
      'two resources deriving the same prefix',
      withResource('user_session'),
      {
        rule: 'id-prefix',
        path: '$.resources.user_session',
        message:
          'resources "user" and "user_session" would both mint ids prefixed "usr-" ("user": derived from its name; "user_session": derived from its name)',
      },
    ],
    [
      'a declared prefix that another resource derives',
      withResource('account', { id_prefix: 'usr' }),
      {
        rule: 'id-prefix',
        path: '$.resources.account.id_prefix',
        message: '("user": derived from its name; "account": declared)',
      },
    ],
    [
      'two declared prefixes alike',
      (s) => {
        s.resources.user.id_prefix = 'acc';
        withResource('account', { id_prefix: 'acc' })(s);
      },
      {
        rule: 'id-prefix',
        path: '$.resources.account.id_prefix',
        message:
          'resources "user" and "account" would both mint ids prefixed "acc-" ("user": declared; "account": declared)',
      },
    ],
    [
      'a resource whose name gives no prefix',
      (s) => {
        s.models.StockItem = { fields: [{ name: 'id', type: 'string' }] };
        s.resources.StockItem = {
          path: '/stock-items',
          operations: [{ method: 'GET', path: '/:id', responses: { '200': { type: 'StockItem' } } }],
        };
      },
      {
        rule: 'id-prefix',
        path: '$.resources.StockItem',
        message: 'resource "StockItem" has no id prefix: one is derived only from a lower snake case name',
      },
    ],
    [
      'an id prefix with an upper-case letter (a structure error)',
      (s) => {
        s.resources.user.id_prefix = 'Usr';
      },
      {
        rule: 'structure',
        path: '$.resources.user.id_prefix',
        message: 'id prefix "Usr" is not a lowercase letter then up to 9 lowercase letters or digits',
      },
    ],
    [
      'an id prefix of 11 characters',
      (s) => {
        s.resources.user.id_prefix = 'abcdefghijk';
      },
      { rule: 'structure', path: '$.resources.user.id_prefix', message: 'id prefix "abcdefghijk" is not' },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  it('names the clash once per later resource, each against the first holder', () => {
    const diagnostics = validateChanged((s) => {
      withResource('user_session')(s);
      withResource('user_setting')(s);
    }).filter((d) => d.rule === 'id-prefix');
    expect(diagnostics.map((d) => [d.path, d.message.slice(0, 45)])).toEqual([
      ['$.resources.user_session', 'resources "user" and "user_session" would bot'],
      ['$.resources.user_setting', 'resources "user" and "user_setting" would bot'],
    ]);
  });

  const passes: Passes[] = [
    ['a declared prefix that settles a clash', withResource('user_session', { id_prefix: 'uss' })],
    [
      'a declared prefix equal to the derived one',
      (s) => {
        s.resources.user.id_prefix = 'usr';
      },
    ],
    [
      'a prefix of one letter, and one of ten characters',
      (s) => {
        s.resources.user.id_prefix = 'u';
        withResource('account', { id_prefix: 'a123456789' })(s);
      },
    ],
    [
      'a resource named outside snake case that declares its prefix',
      (s) => {
        s.models.StockItem = { fields: [{ name: 'id', type: 'string' }] };
        s.resources.StockItem = {
          path: '/stock-items',
          id_prefix: 'stk',
          operations: [{ method: 'GET', path: '/:id', responses: { '200': { type: 'StockItem' } } }],
        };
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});

describe('the id_prefix pattern', () => {
  it.each(['a', 'usr', 'stk', 'a123456789', 'x0', 'A', 'usr-', '1ab', 'abcdefghijk', '', 'ü', 'us r'])(
    'agrees with functions/runtime/ids.ts on %p',
    (prefix) => {
      let runtimeAccepts = true;
      try {
        assertIdPrefix(prefix);
      } catch {
        runtimeAccepts = false;
      }
      expect(ID_PREFIX_PATTERN.test(prefix)).toBe(runtimeAccepts);
    },
  );
});

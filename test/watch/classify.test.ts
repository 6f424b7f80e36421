/**
 * What a saved file means to `dev up --watch`, by its path: a spec, Lambda source, or nothing.
 */
import { classifyChange, type FileChange } from '../../lib/watch/classify';

const spec = (path: string, service: string): FileChange => ({ kind: 'spec', path, service });
const code = (path: string, generated = false): FileChange => ({ kind: 'code', path, generated });

describe('classifyChange', () => {
  const table: ReadonlyArray<[string, FileChange | string]> = [
    // given path → wanted change (or, for an ignored one, a word of its reason)
    ['api-specs/orders.json', spec('api-specs/orders.json', 'orders')],
    ['api-specs/stock-items.json', spec('api-specs/stock-items.json', 'stock-items')],
    ['api-specs\\users.json', spec('api-specs/users.json', 'users')],
    ['./api-specs/users.json', spec('api-specs/users.json', 'users')],
    ['api-specs/spec.schema.json', 'dev schema'],
    ['api-specs/breaking-changes.allow.json', 'dev diff'],
    ['api-specs/lint.allow.json', 'dev lint'],
    ['api-specs/team.allow.json', 'allow file'],
    ['api-specs/README.md', 'not a spec'],
    ['api-specs/old/orders.json', 'not a spec'],
    ['functions/orders/handlers/create-order.ts', code('functions/orders/handlers/create-order.ts')],
    ['functions/orders/domain/total.ts', code('functions/orders/domain/total.ts')],
    ['functions/orders/domain/rules/limits.ts', code('functions/orders/domain/rules/limits.ts')],
    [
      'functions/notifications/subscribers/orders-order.ts',
      code('functions/notifications/subscribers/orders-order.ts'),
    ],
    ['functions/runtime/http/handler.ts', code('functions/runtime/http/handler.ts')],
    ['functions/orders/domain/rates.json', code('functions/orders/domain/rates.json')],
    ['functions/orders/domain/legacy.cjs', code('functions/orders/domain/legacy.cjs')],
    ['functions/orders/generated/models.ts', code('functions/orders/generated/models.ts', true)],
    [
      'functions/orders/generated/lambdas/get-order.ts',
      code('functions/orders/generated/lambdas/get-order.ts', true),
    ],
    // A folder named generated deeper down is the developer's.
    ['functions/orders/domain/generated/x.ts', code('functions/orders/domain/generated/x.ts')],
    ['functions/orders/generated/openapi.json', code('functions/orders/generated/openapi.json', true)],
    // Editors' temp files, each beside a real one.
    ['functions/orders/handlers/.create-order.ts.swp', 'editor'],
    ['functions/orders/handlers/create-order.ts.swx', 'editor'],
    ['functions/orders/handlers/create-order.ts~', 'editor'],
    ['functions/orders/handlers/4913', 'editor'],
    ['functions/orders/handlers/#create-order.ts#', 'editor'],
    ['functions/orders/handlers/.#create-order.ts', 'editor'],
    ['functions/orders/handlers/create-order.ts___jb_tmp___', 'editor'],
    ['functions/orders/handlers/create-order.ts.tmp', 'editor'],
    ['functions/orders/handlers/create-order.ts.orig', 'editor'],
    ['api-specs/.orders.json.swp', 'editor'],
    ['api-specs/orders.json~', 'editor'],
    ['functions/.DS_Store', 'editor'],
    ['functions/orders/README.md', 'not a source file'],
    ['functions/orders/node_modules/x/index.js', 'node_modules'],
    ['functions/.cache/x.ts', 'hidden'],
    ['cdk.out/asset.abc/index.js', 'outside'],
    ['.tributary/bundles/abc/asset/index.js', 'hidden'],
    ['packages/local-runtime/src/up.ts', 'outside'],
    ['package.json', 'outside'],
    ['', 'not a path'],
    ['../elsewhere/api-specs/x.json', 'not a path'],
    ['functions//orders.ts', 'not a path'],
  ];

  it.each(table)('%s', (path, want) => {
    const got = classifyChange(path);
    if (typeof want === 'string') {
      expect(got.kind).toBe('ignored');
      expect(got.kind === 'ignored' ? got.reason : '').toContain(want);
    } else {
      expect(got).toEqual(want);
    }
  });
});

/**
 * How `dev up --watch` names Lambda entries in its `[watch]` lines.
 */
import { entryName, entryNames } from '../../lib/watch/supervisor';

describe('entry names in [watch] lines', () => {
  it('names a generated entry <service>/<file>, anything else by its path', () => {
    expect(entryName('functions/catalog/generated/lambdas/get-product.ts')).toBe('catalog/get-product');
    expect(entryName('functions/orders/generated/lambdas/on-users-user.ts')).toBe('orders/on-users-user');
    expect(entryName('functions/runtime/forwarder/handler.ts')).toBe(
      'functions/runtime/forwarder/handler.ts',
    );
    expect(entryName('functions/catalog/generated/lambdas/nested/x.ts')).toBe(
      'functions/catalog/generated/lambdas/nested/x.ts',
    );
  });

  it('shows three, then how many more', () => {
    const entry = (name: string) => `functions/catalog/generated/lambdas/${name}.ts`;
    expect(entryNames([])).toBe('');
    expect(entryNames([entry('a'), entry('b'), entry('c')])).toBe('catalog/a, catalog/b, catalog/c');
    expect(entryNames(['a', 'b', 'c', 'd', 'e'].map(entry))).toBe(
      'catalog/a, catalog/b, catalog/c and 2 more',
    );
  });
});

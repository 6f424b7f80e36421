/**
 * The small project `dev up --watch` is tried on (test/local/e2e/watch.e2e.test.ts,
 * bench/watch.bench.ts): the catalog fixture service plus custom operations whose handlers we
 * write, so a save changes what a request answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT } from './scratch-project';

export const LABEL_HANDLER = 'functions/catalog/handlers/label-product.ts';
export const LABEL_ENTRY = 'functions/catalog/generated/lambdas/label-product.ts';
export const SUMMARY_HANDLER = 'functions/catalog/handlers/summarize-product.ts';

type Json = Record<string, unknown>;

export interface CatalogVariant {
  /** An index on `title`, and the list's `title` filter. */
  readonly titleIndex?: boolean;
  /** `GET /products/:id/summary` (summarizeProduct). */
  readonly summary?: boolean;
}

/**
 * test/fixtures/services/catalog.json plus `GET /products/:id/label` (labelProduct): the product as
 * its shelf label shows it (a one-item list: a GET whose path ends in a literal is a list).
 */
export function catalogSpec(variant: CatalogVariant = {}): string {
  const spec = JSON.parse(
    readFileSync(join(PROJECT, 'test', 'fixtures', 'services', 'catalog.json'), 'utf8'),
  );
  const product = spec.resources.product as { operations: Json[]; storage: { indexes: Json[] } };
  const custom = (path: string, name: string, description: string) => ({
    method: 'GET',
    path,
    name,
    description,
    responses: { '200': { type: '[product]' }, '404': { type: 'unit' } },
  });
  product.operations.push(
    custom('/:id/label', 'labelProduct', 'Returns a product as its shelf label shows it.'),
  );
  if (variant.summary) {
    product.operations.push(
      custom('/:id/summary', 'summarizeProduct', 'Returns a product as its summary shows it.'),
    );
  }
  if (variant.titleIndex) {
    product.storage.indexes.push({ fields: ['title'] });
    const list = product.operations.find(
      (operation) => operation.method === 'GET' && operation.path === undefined,
    );
    (list?.parameters as Json[] | undefined)?.splice(2, 0, {
      name: 'title',
      type: 'string',
      required: false,
      description: 'Only products with this title.',
    });
  }
  return `${JSON.stringify(spec, null, 2)}\n`;
}

/**
 * The implementation of a custom catalog operation answering `[product]` for the product of the
 * path, its title as `<prefix> <title>`. The `notFound` line is line 11.
 */
export function productHandler(operation: string, prefix: string): string {
  return `import { notFound } from '../../runtime/errors';
import type { OperationImplementation } from '../../runtime/operation';
import type { ${operation}Operation } from '../generated/operations';
import type { CatalogDeps } from '../generated/service';

export const implementation: OperationImplementation<typeof ${operation}Operation, CatalogDeps> = async (
  request,
  deps,
) => {
  const product = await deps.repositories.product.get(request.path.id);
  if (product === undefined) throw notFound('product');
  return { status: 200, body: [{ ...product, title: \`${prefix} \${product.title}\` }] };
};
`;
}

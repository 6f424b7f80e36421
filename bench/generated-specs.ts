import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The name of the i-th generated service: `service_007`. */
export const generatedServiceName = (i: number) => `service_${String(i).padStart(3, '0')}`;

/**
 * Writes `count` specs into `<dir>/api-specs/`, each a copy of the catalog fixture under its own
 * name, every one subscribing to the one before it: a system of the size a bench asks for.
 */
export function writeGeneratedSpecs(root: string, dir: string, count: number): void {
  mkdirSync(join(dir, 'api-specs'), { recursive: true });
  const template = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'cli', 'catalog.json'), 'utf8'));
  for (let i = 0; i < count; i++) {
    const spec = structuredClone(template);
    spec.name = generatedServiceName(i);
    spec.subscriptions =
      i > 0
        ? [
            {
              service: generatedServiceName(i - 1),
              resource: 'product',
              events: ['upserted', 'deleted'],
              description: 'Keeps a copy.',
            },
          ]
        : [];
    writeFileSync(join(dir, 'api-specs', `${spec.name}.json`), JSON.stringify(spec, null, 2));
  }
}

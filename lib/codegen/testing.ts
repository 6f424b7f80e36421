/**
 * `generated/testing/`: the test doubles of a service, generated from its spec like the rest of
 * generated/ and never imported by deployed code (the Lambda entries import nothing under testing/;
 * `fast-check` is a devDependency):
 *
 *   testing/repositories.ts  per stored resource an in-memory repository with its finders
 *                            (testing-repositories.ts), over functions/runtime/testing/memory-repository.ts
 *   testing/fake.ts          `fake<Service>()`: the service in-process, reached by its own client
 *                            (testing-fake.ts)
 *   testing/arbitraries.ts   a fast-check arbitrary per model and enum (testing-arbitraries.ts)
 *   testing/deliver.ts       per subscription, `deliver<Publisher><Resource>(kind, id, options)`
 *                            (testing-deliver.ts); only for a service with subscriptions
 *   testing/index.ts         all of them
 */
import type { ServiceContext } from './context';
import { generatedDirOf } from './layout';
import type { CalledService, SubscriptionLink } from './service-links';
import { header } from './source';
import { generateTestingArbitraries } from './testing-arbitraries';
import { generateTestingDeliver } from './testing-deliver';
import { generateTestingFake } from './testing-fake';
import { generateTestingRepositories } from './testing-repositories';

/** `functions/users/generated/testing` */
export function testingDirOf(service: string): string {
  return `${generatedDirOf(service)}/testing`;
}

export interface TestingFile {
  readonly path: string;
  readonly content: string;
}

/** The test doubles of one service (see the module comment). */
export function generateTesting(
  ctx: ServiceContext,
  called: readonly CalledService[],
  links: readonly SubscriptionLink[],
): TestingFile[] {
  const dir = testingDirOf(ctx.service);
  const modules: Array<{ readonly name: string; readonly content: string }> = [
    { name: 'repositories', content: generateTestingRepositories(ctx) },
    { name: 'fake', content: generateTestingFake(ctx, called) },
    { name: 'arbitraries', content: generateTestingArbitraries(ctx) },
  ];
  if (links.length > 0) modules.push({ name: 'deliver', content: generateTestingDeliver(ctx, links) });
  const index = [
    header(ctx.file),
    '',
    `/** The test doubles of ${ctx.service}: for tests only, never imported by deployed code. */`,
    ...modules.map((module) => `export * from './${module.name}';`),
  ].join('\n');
  return [
    ...modules.map((module) => ({ path: `${dir}/${module.name}.ts`, content: module.content })),
    { path: `${dir}/index.ts`, content: `${index}\n` },
  ];
}

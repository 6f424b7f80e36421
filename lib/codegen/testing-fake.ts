/**
 * `generated/testing/fake.ts`: `fake<Service>(options)`, the service running in process for tests:
 * its generated implementations (standard and written) over in-memory repositories
 * (testing-repositories.ts), behind the real HTTP adapter (`httpRouter(OPERATIONS,
 * implementationsWith(deps))`), reached by the service's own generated client through an in-process
 * `fetch` (functions/runtime/testing/in-process-fetch.ts). Validation, errors, status codes and
 * response parsing are the deployed ones; only DynamoDB and the network are not.
 *
 * Options: a clock (default the system clock), the clients of the services it calls (default a
 * fake of each, made on first use), and seed data stored before the first request.
 */

import { camelCase, clientClassName, pascalCase } from '../contract/names';
import type { ServiceContext } from './context';
import { depsFactoryName, depsTypeName } from './service-deps';
import type { CalledService } from './service-links';
import { header, jsdoc } from './source';
import { memoryRepositoryClassName, recordOf } from './testing-repositories';

/** `users` → `fakeUsers`. */
export function fakeFunctionName(service: string): string {
  return `fake${pascalCase(service)}`;
}

/** `users` → `FakeUsers`: what the fake function returns. */
export function fakeTypeName(service: string): string {
  return `Fake${pascalCase(service)}`;
}

export function generateTestingFake(ctx: ServiceContext, called: readonly CalledService[]): string {
  const service = ctx.service;
  const pascal = pascalCase(service);
  const fake = fakeTypeName(service);
  const client = clientClassName(service);
  const deps = depsTypeName(service);
  const stored = ctx.stored.map((resource) => ({
    name: resource.name,
    property: resource.name,
    memoryClass: memoryRepositoryClassName(resource.name),
    record: recordOf(ctx, resource).type,
    fieldsInput: `repository.${pascalCase(resource.name)}FieldsInput`,
    fieldsSchema: `repository.${camelCase(resource.name)}FieldsSchema`,
  }));
  const imports = [
    "import { type Clock, systemClock } from '../../../runtime/clock';",
    "import { type HttpLambdaHandler, httpRouter } from '../../../runtime/http';",
    "import { fakeClientOptions } from '../../../runtime/testing/in-process-fetch';",
    ...(called.length > 0 ? ["import { lazyObject } from '../../../runtime/testing/lazy';"] : []),
    "import { MemoryLogger } from '../../../runtime/testing/memory-logger';",
    ...called.map(
      (c) => `import { ${fakeFunctionName(c.service)} } from '../../../${c.service}/generated/testing/fake';`,
    ),
    `import { ${client} } from '../client';`,
    "import { implementationsWith } from '../implementations';",
    "import { OPERATIONS } from '../operations';",
    ...(stored.some((s) => s.record.startsWith('models.'))
      ? ["import type * as models from '../models';"]
      : []),
    ...(stored.length > 0 ? ["import * as repository from '../repository';"] : []),
    `import { ${depsFactoryName(service)}, LOGGED_PERSONAL_FIELDS, SERVICE_NAME, type ${pascal}Clients, type ${deps}, type ${pascal}Repositories } from '../service';`,
    ...(stored.length > 0
      ? [`import { ${stored.map((s) => s.memoryClass).join(', ')} } from './repositories';`]
      : []),
  ];
  const declarations = [
    `${jsdoc(`The in-memory repositories of a fake ${service}: what a test reads and seeds directly.`)}export interface ${fake}Repositories {\n${stored.map((s) => `readonly ${s.property}: ${s.memoryClass};`).join('\n')}\n}`,
    `${jsdoc(
      `Items stored before the first request, per resource, oldest first: each goes through the resource's fields schema (defaults applied) and the repository's rules (ids, versions, unique indexes),`,
      "but not through the service's operations (what an item refers to in other services need not exist).",
    )}export interface ${fake}Seed {\n${stored.map((s) => `readonly ${s.property}?: readonly ${s.fieldsInput}[];`).join('\n')}\n}`,
    `export interface ${fake}Options {\n${jsdoc('Stamps ids, timestamps and signatures; default the system clock.')}readonly clock?: Clock;\n${jsdoc(
      `Clients of the services ${service} calls (another fake's \`client\`); default a fake of each, made on first use.`,
    )}readonly clients?: Partial<${pascal}Clients>;\nreadonly seed?: ${fake}Seed;\n}`,
    `${jsdoc(`A fake ${service}: the service in process, over in-memory repositories.`)}export interface ${fake} {\n${jsdoc(
      `The service's generated client, calling the fake through the real HTTP adapter.`,
    )}readonly client: ${client};\n${jsdoc('The dependencies the implementations run with (for subscribers: `deliver...(kind, id, { deps })`).')}readonly deps: ${deps};\nreadonly repositories: ${fake}Repositories;\n${jsdoc('The HTTP adapter over every operation (API Gateway events in, responses out).')}readonly router: HttpLambdaHandler;\n${jsdoc('Every line the service logged, redacted as deployed.')}readonly logger: MemoryLogger;\n${jsdoc('The seed items as stored (ids, versions, timestamps), in the order given.')}readonly seeded: {\n${stored.map((s) => `readonly ${s.property}: readonly ${s.record}[];`).join('\n')}\n};\n}`,
  ];
  const factory = [
    `${jsdoc(
      `${service}, running in process: its implementations over in-memory repositories, behind the real HTTP adapter,`,
      'reached by its own generated client. For tests only.',
    )}export function ${fakeFunctionName(service)}(options: ${fake}Options = {}): ${fake} {`,
    'const clock = options.clock ?? systemClock;',
    `const repositories = {\n${stored.map((s) => `${s.property}: new ${s.memoryClass}({ clock }),`).join('\n')}\n} satisfies ${pascal}Repositories;`,
    `const seeded = {\n${stored.map((s) => `${s.property}: (options.seed?.${s.property} ?? []).map((fields) => repositories.${s.property}.seed(${s.fieldsSchema}.parse(fields))),`).join('\n')}\n};`,
    'const logger = new MemoryLogger(LOGGED_PERSONAL_FIELDS);',
    `const clients = {\n${called.map((c) => `${c.property}: options.clients?.${c.property} ?? lazyObject(() => ${fakeFunctionName(c.service)}({ clock }).client),`).join('\n')}\n} satisfies ${pascal}Clients;`,
    `const deps = ${depsFactoryName(service)}({ clock, logger, repositories, clients });`,
    'const router = httpRouter(OPERATIONS, implementationsWith(deps), { logger });',
    `const client = new ${client}(fakeClientOptions(SERVICE_NAME, router, clock));`,
    'return { client, deps, repositories, router, logger, seeded };',
    '}',
  ].join('\n');
  return `${[header(ctx.file), imports.join('\n'), ...declarations, factory].join('\n\n')}\n`;
}

/**
 * `generated/service.ts`: what every Lambda of a service shares, so no service writes it by hand:
 * the document client, the logger (redacting the personal fields of this service and of every
 * service it reads), one repository per stored resource, one client per service it calls, and the
 * clock, created once per container (module scope) and bundled as the service's dependencies.
 *
 * Repositories are made on first use, not at import: `TABLE_NAME` is read then, and a missing one
 * fails the request or event (logged, retried) rather than the import. Tests build their own
 * dependencies with `create<Service>Deps` (a client of their own, fakes for other services).
 */

import { pascalCase, repositoryClassName } from '../contract/names';
import type { ServiceContext } from './context';
import { generatedDirOf } from './layout';
import type { CalledService } from './service-links';
import { header, jsdoc, stringLiteral } from './source';

/** `OrdersDeps`: the type of a service's dependencies. */
export function depsTypeName(service: string): string {
  return `${pascalCase(service)}Deps`;
}

/** `createOrdersDeps`. */
export function depsFactoryName(service: string): string {
  return `create${pascalCase(service)}Deps`;
}

/** The import path of another service's generated module, from a service's generated/ folder. */
function otherGenerated(service: string, module: string): string {
  return `../../${service}/generated/${module}`;
}

export function generateServiceDeps(ctx: ServiceContext, called: readonly CalledService[]): string {
  const service = ctx.service;
  const deps = depsTypeName(service);
  const pascal = pascalCase(service);
  const repositories = ctx.stored.map((stored) => ({
    property: stored.name,
    className: repositoryClassName(stored.name),
  }));
  const imports = [
    "import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    "import { type Clock, systemClock } from '../../runtime/clock';",
    "import { createLogger, type ServiceLogger } from '../../runtime/logger';",
    "import type { Api } from '../../runtime/operation';",
    "import { type IdempotencyOptions, idempotencyOnTable } from '../../runtime/http/idempotency';",
    "import { createDocumentClient, createDynamoDbClient, tableNameFor } from '../../runtime/service-environment';",
    ...called.map(
      (c) =>
        `import { ${c.clientClass} } from '${otherGenerated(c.service, 'client')}';\nimport { PERSONAL_DATA_FIELDS as ${c.property.toUpperCase()}_PERSONAL_DATA_FIELDS } from '${otherGenerated(c.service, 'models')}';`,
    ),
    "import { PERSONAL_DATA_FIELDS } from './models';",
    ...(repositories.length > 0
      ? [`import { ${repositories.map((r) => r.className).join(', ')} } from './repository';`]
      : []),
  ];
  const personal = [
    '...PERSONAL_DATA_FIELDS',
    ...called.map((c) => `...${c.property.toUpperCase()}_PERSONAL_DATA_FIELDS`),
  ];
  const doc = (text: string) => jsdoc(text);
  const body = [
    `${doc('The service, as its spec names it.')}export const SERVICE_NAME = ${stringLiteral(service)};`,
    `${doc(`One repository per stored resource of ${service}, on the service's table (a test may pass in-memory ones).`)}export interface ${pascal}Repositories {\n${repositories.map((r) => `readonly ${r.property}: Api<${r.className}>;`).join('\n')}\n}`,
    `${doc(`One client per service ${service} calls (its spec's calls and subscriptions).`)}export interface ${pascal}Clients {\n${called.map((c) => `readonly ${c.property}: Api<${c.clientClass}>;`).join('\n')}\n}`,
    [
      `${doc(`What every implementation and subscriber of ${service} is given.`)}export interface ${deps} {`,
      `readonly repositories: ${pascal}Repositories;`,
      `readonly clients: ${pascal}Clients;`,
      `${doc('Redacts the personal fields of this service and of the services it reads.')}readonly logger: ServiceLogger;`,
      'readonly clock: Clock;',
      `${doc('Where `Idempotency-Key`s of idempotent operations are remembered; none: the header is ignored.')}readonly idempotency?: IdempotencyOptions;`,
      '}',
    ].join('\n'),
    [
      `${doc(`How to build the dependencies of ${service} (the deployed ones, or a test's).`)}export interface ${pascal}DepsOptions {`,
      `${doc('The document client of the repositories on the table; not needed when every repository is given.')}readonly client?: DynamoDBDocumentClient;`,
      `${doc('The table name, or a function read on first use (the deployed `TABLE_NAME`); not needed when every repository is given.')}readonly tableName?: string | (() => string);`,
      'readonly clock?: Clock;',
      'readonly logger?: ServiceLogger;',
      `${doc('Repositories to use instead of those on the table (in-memory ones, in tests).')}readonly repositories?: Partial<${pascal}Repositories>;`,
      'readonly idempotency?: IdempotencyOptions;',
      `${doc('Clients of called services; a generated client (signing, URL from the environment) for each one left out.')}readonly clients?: Partial<${pascal}Clients>;`,
      '}',
    ].join('\n'),
    ...(repositories.length > 0
      ? [
          `function documentClientOf(options: ${pascal}DepsOptions): DynamoDBDocumentClient {\nif (options.client === undefined) throw new TypeError('${service}: pass a DynamoDB document client, or every repository');\nreturn options.client;\n}`,
        ]
      : []),
    `${doc("The personal fields the logger redacts: this service's and those of every service it reads.")}export const LOGGED_PERSONAL_FIELDS: readonly string[] = [...new Set([${personal.join(', ')}])].sort();`,
    [
      `${doc(`The dependencies of ${service}: repositories made on first use, one client per called service.`)}export function ${depsFactoryName(service)}(options: ${pascal}DepsOptions): ${deps} {`,
      'const clock = options.clock ?? systemClock;',
      `const tableName = (): string => {\nconst name = typeof options.tableName === 'function' ? options.tableName() : options.tableName;\nif (name === undefined) throw new TypeError('${service}: pass the table name, or every repository');\nreturn name;\n};`,
      ...repositories.map(
        (r) => `let ${r.property}: Api<${r.className}> | undefined = options.repositories?.${r.property};`,
      ),
      'const repositories = {',
      ...repositories.map(
        (r) =>
          `get ${r.property}(): Api<${r.className}> {\n${r.property} ??= new ${r.className}({ client: documentClientOf(options), tableName: tableName(), clock });\nreturn ${r.property};\n},`,
      ),
      `} satisfies ${pascal}Repositories;`,
      'const clients = {',
      ...called.map((c) => `${c.property}: options.clients?.${c.property} ?? new ${c.clientClass}(),`),
      `} satisfies ${pascal}Clients;`,
      'return {',
      'repositories,',
      'clients,',
      'logger: options.logger ?? createLogger({ serviceName: SERVICE_NAME, personalFields: LOGGED_PERSONAL_FIELDS }),',
      'clock,',
      '...(options.idempotency ? { idempotency: options.idempotency } : {}),',
      '};',
      '}',
    ].join('\n'),
    `${doc("The container's one DynamoDB client, guarded by its TABLE_ACCESS grant.")}export const dynamoDbClient = createDynamoDbClient();`,
    `${doc("The container's one document client, on that client.")}export const documentClient = createDocumentClient(dynamoDbClient);`,
    `${doc("The service's table name, from `TABLE_NAME`; throws saying what is missing.")}export function tableName(): string {\nreturn tableNameFor(SERVICE_NAME);\n}`,
    [
      `let deployed: ${deps} | undefined;`,
      '',
      `${doc('The dependencies of the deployed Lambdas: made once per container, on first use.')}export function defaultDeps(): ${deps} {`,
      `deployed ??= ${depsFactoryName(service)}({ client: documentClient, tableName, idempotency: idempotencyOnTable(dynamoDbClient, tableName) });`,
      'return deployed;',
      '}',
    ].join('\n'),
  ];
  return `${[header(ctx.file), imports.join('\n'), ...body].join('\n\n')}\n`;
}

/** The path of a service's generated service.ts. */
export function serviceDepsFile(service: string): string {
  return `${generatedDirOf(service)}/service.ts`;
}

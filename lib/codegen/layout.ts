/**
 * Where each file of a service lives, in one place: what a person writes, what `dev generate`
 * writes (and owns), and the Lambda entries the CDK app bundles. Paths are relative to the project
 * root, with `/` separators.
 *
 *   functions/<service>/
 *     handlers/<operation>.ts            written: an operation's implementation (`implementation`)
 *     subscribers/<publisher>-<resource>.ts  written: what a subscriber does (`onUpserted`, `onDeleted`)
 *     domain/...                         written: the service's rules, free-form
 *     generated/                         the generator's (models, operations, repository, client,
 *       service.ts                         events, openapi.json, the dependencies of the service,
 *       implementations.ts                 every operation's implementation: standard or written,
 *       lambdas/<operation>.ts             the Lambda entries of operations
 *       lambdas/on-<publisher>-<resource>.ts  and of subscribers)
 *
 * `<operation>` is the kebab-cased operation id (`getUser` → `get-user`).
 */

export const FUNCTIONS_DIR = 'functions';
export const GENERATED_DIR = 'generated';

/** `getUser` → `get-user`; `postUsersByIdConfirm` → `post-users-by-id-confirm`; `line_item` → `line-item`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** `functions/users` */
export function serviceDirOf(service: string): string {
  return `${FUNCTIONS_DIR}/${service}`;
}

/** `functions/users/generated` */
export function generatedDirOf(service: string): string {
  return `${serviceDirOf(service)}/${GENERATED_DIR}`;
}

/** The file a person writes to implement an operation: `functions/users/handlers/get-user.ts`. */
export function implementationFile(service: string, operationId: string): string {
  return `${serviceDirOf(service)}/handlers/${kebabCase(operationId)}.ts`;
}

/** `users-user`: a subscriber's name (its files' and its dedupe records'). */
export function subscriberName(publisher: string, resource: string): string {
  return `${kebabCase(publisher)}-${kebabCase(resource)}`;
}

/** The file a person writes for a subscription: `functions/orders/subscribers/users-user.ts`. */
export function subscriberFile(service: string, publisher: string, resource: string): string {
  return `${serviceDirOf(service)}/subscribers/${subscriberName(publisher, resource)}.ts`;
}

/** The generated Lambda entry of an operation: `functions/users/generated/lambdas/get-user.ts`. */
export function operationEntry(service: string, operationId: string): string {
  return `${generatedDirOf(service)}/lambdas/${kebabCase(operationId)}.ts`;
}

/** The generated Lambda entry of a subscription: `functions/orders/generated/lambdas/on-users-user.ts`. */
export function subscriberEntry(service: string, publisher: string, resource: string): string {
  return `${generatedDirOf(service)}/lambdas/on-${subscriberName(publisher, resource)}.ts`;
}

/** The marker a scaffolded stub carries until a person replaces it: `dev check` warns about each. */
export const STUB_MARKER = '@tributary-stub';

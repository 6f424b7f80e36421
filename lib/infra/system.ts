import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { actionsOfUses, type TableAction, type TableUse } from '../../functions/runtime/table-access';
import { FUNCTIONS_DIR, kebabCase, operationEntry, subscriberEntry } from '../codegen/layout';
import { discoverSpecFiles } from '../contract/files';
import {
  allOperations,
  isIdempotent,
  operationTableAccess,
  publishedEvents,
  subscriptionCalls,
  subscriptionTableAccess,
} from '../contract/model';
import { apiUrlVariable, detailType, eventSource, operationIds } from '../contract/names';
import type { Call, EventKind, HttpMethod, Spec } from '../contract/schema';
import { type TableLayout, tableLayout } from '../contract/table-layout';
import { validateSpecFiles } from '../contract/validate/validate';

/**
 * What the CDK app builds, derived from the specs and nothing else: per service its operations
 * (one Lambda each), its subscriptions (one rule + Lambda each), its table layout and the
 * resources whose changes it publishes. Pure data, so it is tested without synthesizing.
 *
 * Lambda entries are the generator's (lib/codegen/layout.ts), so adding a spec and running
 * `dev generate` adds a service:
 *   - operation:    functions/<service>/generated/lambdas/<kebab-case operation id>.ts
 *   - subscription: functions/<service>/generated/lambdas/on-<publisher>-<resource>.ts
 *   - forwarder:    functions/runtime/forwarder/handler.ts (one code, one function per service)
 *   - fallback:     functions/runtime/http/fallback-handler.ts (one code, one function per service:
 *                   the API's `$default` route, 404/405 for what no operation's route matches)
 * each exporting `handler`.
 */

export { FUNCTIONS_DIR, kebabCase, operationEntry, subscriberEntry };
export const FORWARDER_ENTRY = 'functions/runtime/forwarder/handler.ts';
export const FALLBACK_ENTRY = 'functions/runtime/http/fallback-handler.ts';

/** `/users/:id` → `/users/{id}`: an API Gateway route path. */
export function routePath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** What a Lambda may do to its own table: the uses its code makes and the DynamoDB actions they need. */
export interface TableAccessPlan {
  /** Repository methods (and `dedupe` for subscribers), from the spec (`table_access`) or derived. */
  readonly uses: readonly TableUse[];
  /** The DynamoDB actions those uses need (functions/runtime/table-access.ts), sorted; the grant. */
  readonly actions: readonly TableAction[];
  /**
   * Of those, the actions only idempotency records need: granted only on keys starting with the
   * records' prefix (`dynamodb:LeadingKeys`), so a create may not delete or update a resource.
   */
  readonly recordOnlyActions: readonly TableAction[];
}

export interface OperationPlan {
  /** The operation id (`getUser`), as in the OpenAPI document and the generated code. */
  readonly id: string;
  /** `GET /users/:id`. */
  readonly key: string;
  readonly method: HttpMethod;
  /** The spec path, `/users/:id`. */
  readonly path: string;
  /** The API Gateway route path, `/users/{id}`. */
  readonly routePath: string;
  readonly auth: 'iam' | 'none';
  readonly tableAccess: TableAccessPlan;
  /** Entry file relative to the project root. */
  readonly entry: string;
  /** Operations of other services its handler calls (the spec's `calls`). */
  readonly calls: readonly CallPlan[];
}

/** An operation of another service that a Lambda calls: it gets the URL and Invoke on exactly that route. */
export interface CallPlan {
  readonly service: string;
  readonly method: HttpMethod;
  /** The spec path, `/users/:id`. */
  readonly path: string;
  /** The API Gateway route path, `/users/{id}`. */
  readonly routePath: string;
  /** The environment variable that holds the service's API URL (`USERS_API_URL`). */
  readonly apiUrlVariable: string;
}

export interface SubscriptionPlan {
  readonly publisher: string;
  readonly resource: string;
  readonly events: readonly EventKind[];
  /** EventBridge `source` of the publisher's events (`tributary.users`). */
  readonly source: string;
  /** EventBridge `detail-type`s the rule matches (`user.deleted`). */
  readonly detailTypes: readonly string[];
  /** What the subscriber calls: the spec's `calls`, default the owner's GET of one item. */
  readonly calls: readonly CallPlan[];
  readonly tableAccess: TableAccessPlan;
  readonly entry: string;
}

export interface ServicePlan {
  readonly name: string;
  /** What the service owns, from its spec. */
  readonly description: string;
  /** The spec file as people name it: relative to the project root, or `api-specs/<name>.json`. */
  readonly specFile: string;
  readonly layout: TableLayout;
  /** Stored resources that publish at least one event: the forwarder's RESOURCE_TYPES. */
  readonly publishingResources: readonly string[];
  readonly operations: readonly OperationPlan[];
  readonly subscriptions: readonly SubscriptionPlan[];
  /**
   * Entry of the Lambda behind the API's `$default` route, relative to the root: it answers 404/405
   * for whatever no operation's route matches ({@link FALLBACK_ENTRY}, shared by every service).
   */
  readonly fallbackEntry: string;
}

export interface SystemPlan {
  /** Absolute project root: entries are relative to it. */
  readonly root: string;
  readonly services: readonly ServicePlan[];
  /** Absolute path of the forwarder's entry. */
  readonly forwarderEntry: string;
}

export interface PlanOptions {
  /** The project root (holds api-specs/ and functions/). */
  readonly root: string;
  /** Spec files (absolute or relative to root); default every spec in `<root>/api-specs/`. */
  readonly specFiles?: readonly string[];
  /** The forwarder's entry (absolute or relative to root); default {@link FORWARDER_ENTRY}. */
  readonly forwarderEntry?: string;
  /** Throw when an entry file is missing (default true). */
  readonly checkEntries?: boolean;
}

/** A spec or a project that cannot become infrastructure; the message says what to do. */
export class SystemPlanError extends Error {
  override readonly name = 'SystemPlanError';
}

function callPlans(calls: readonly Call[]): CallPlan[] {
  return calls.map((call) => ({
    service: call.service,
    method: call.method,
    path: call.path,
    routePath: routePath(call.path),
    apiUrlVariable: apiUrlVariable(call.service),
  }));
}

function tableAccessPlan(uses: readonly TableUse[], layout: TableLayout): TableAccessPlan {
  const uniqueIndexes = layout.resources.some((resource) => resource.indexes.some((index) => index.unique));
  const actions = actionsOfUses(uses, { uniqueIndexes });
  const others = new Set(
    actionsOfUses(
      uses.filter((use) => use !== 'idempotency'),
      { uniqueIndexes },
    ),
  );
  return { uses: [...uses], actions, recordOnlyActions: actions.filter((action) => !others.has(action)) };
}

/** One validated spec as the CDK app builds it (`specs`: every spec, for subscriptions and calls); pure. */
export function planService(spec: Spec, specFile: string, specs: ReadonlyMap<string, Spec>): ServicePlan {
  const ids = operationIds(spec);
  const layout = tableLayout(spec);
  const operations: OperationPlan[] = allOperations(spec).map((op) => {
    const id = ids.get(op.key);
    if (id === undefined) throw new Error(`no operation id for ${op.key}`);
    return {
      id,
      key: op.key,
      method: op.operation.method,
      path: op.path,
      routePath: routePath(op.path),
      auth: op.operation.auth ?? 'iam',
      tableAccess: tableAccessPlan(
        [...operationTableAccess(op), ...(isIdempotent(op) ? (['idempotency'] as const) : [])],
        layout,
      ),
      entry: operationEntry(spec.name, id),
      calls: callPlans(op.operation.calls ?? []),
    };
  });
  const subscriptions: SubscriptionPlan[] = (spec.subscriptions ?? []).map((subscription) => ({
    publisher: subscription.service,
    resource: subscription.resource,
    events: [...subscription.events],
    source: eventSource(subscription.service),
    detailTypes: subscription.events.map((event) => detailType(subscription.resource, event)),
    calls: callPlans(subscriptionCalls(subscription, specs.get(subscription.service))),
    tableAccess: tableAccessPlan([...subscriptionTableAccess(subscription), 'dedupe'], layout),
    entry: subscriberEntry(spec.name, subscription.service, subscription.resource),
  }));
  const publishingResources = layout.resources
    .map((r) => r.resource)
    .filter((name) => {
      const resource = spec.resources?.[name];
      return resource !== undefined && publishedEvents(resource).length > 0;
    });
  return {
    name: spec.name,
    description: spec.description ?? `The ${spec.name} service.`,
    specFile,
    layout,
    publishingResources,
    operations,
    subscriptions,
    fallbackEntry: FALLBACK_ENTRY,
  };
}

/** Every entry file the system needs, with what needs it, relative to the root. */
export function requiredEntries(plan: SystemPlan): Array<{ entry: string; purpose: string }> {
  const out: Array<{ entry: string; purpose: string }> = [];
  for (const service of plan.services) {
    for (const op of service.operations) {
      out.push({ entry: op.entry, purpose: `${service.name}: ${op.key} (operation ${op.id})` });
    }
    for (const sub of service.subscriptions) {
      out.push({
        entry: sub.entry,
        purpose: `${service.name}: subscriber to ${sub.publisher}.${sub.resource} ${sub.events.join(', ')}`,
      });
    }
  }
  for (const entry of new Set(plan.services.map((s) => s.fallbackEntry))) {
    out.push({ entry, purpose: "every service API's $default route (404/405 for unmatched requests)" });
  }
  if (plan.services.some((s) => s.publishingResources.length > 0)) {
    out.push({
      entry: relative(plan.root, plan.forwarderEntry),
      purpose: 'the stream forwarder of every service',
    });
  }
  return out;
}

/** The entries the plan needs that do not exist. */
export function missingEntries(plan: SystemPlan): Array<{ entry: string; purpose: string }> {
  return requiredEntries(plan).filter(({ entry }) => !existsSync(resolve(plan.root, entry)));
}

/** Throws one error naming every missing entry file, so a new service's gaps show at once. */
export function assertEntriesExist(plan: SystemPlan): void {
  const missing = missingEntries(plan);
  if (missing.length === 0) return;
  const width = Math.max(...missing.map((m) => m.entry.length));
  throw new SystemPlanError(
    [
      `${missing.length} Lambda entry file(s) missing in ${plan.root}:`,
      ...missing.map((m) => `  ${m.entry.padEnd(width)}  ${m.purpose}`),
      'The entries are generated from the specs: run `npx dev generate` (it also creates a stub for each ' +
        'operation or subscriber you still have to write).',
    ].join('\n'),
  );
}

/**
 * Reads and validates the specs and derives the system. Throws {@link SystemPlanError} when a spec
 * is invalid or an entry file is missing: infrastructure is never built from a spec the CI gate
 * would reject.
 */
export function planSystem(options: PlanOptions): SystemPlan {
  const root = resolve(options.root);
  const files = (options.specFiles ?? discoverSpecFiles(root)).map((f) =>
    isAbsolute(f) ? f : join(root, f),
  );
  if (files.length === 0) {
    throw new SystemPlanError(`no specs in ${join(root, 'api-specs')}: add api-specs/<service>.json`);
  }
  const result = validateSpecFiles(files);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new SystemPlanError(
      [
        'The specs are invalid; fix them first (`npx dev validate`):',
        ...errors.map((d) => `  ${relative(root, d.file)}:${d.line}:${d.column}  ${d.message}  [${d.rule}]`),
      ].join('\n'),
    );
  }
  const specs = new Map(result.valid.map((loaded) => [loaded.spec.name, loaded.spec]));
  const shown = (file: string) => {
    const path = relative(root, file);
    return path.startsWith('..') ? join(basename(dirname(file)), basename(file)) : path;
  };
  const services = result.valid
    .map((loaded) => planService(loaded.spec, shown(loaded.file), specs))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const forwarderEntry = resolve(root, options.forwarderEntry ?? FORWARDER_ENTRY);
  const plan: SystemPlan = { root, services, forwarderEntry };
  if (options.checkEntries ?? true) assertEntriesExist(plan);
  return plan;
}

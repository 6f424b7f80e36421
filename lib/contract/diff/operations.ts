import type { JsonPath } from '../diagnostic';
import { isSuccessStatus, type OperationRef, pathParameterNames } from '../model';
import { place } from '../place';
import type { Field } from '../schema';
import type { DiffContext } from './context';
import { compareDescription, memberAdded, memberChanged, memberRemoved } from './members';
import { reachBoth, reachOn } from './reach';
import { classifyTypeChange } from './type-change';

/**
 * Operation comparison. Operations are matched by method and path with parameter names erased
 * (DiffContext); within a matched pair, path parameters are matched by position (their names
 * are not on the wire) and query parameters by name.
 */

interface ParameterSlot {
  readonly name: string;
  readonly parameter: Field;
  /** The parameter's path in its spec (the operation's `path` for an undeclared path parameter). */
  readonly path: JsonPath;
}

function operationPathOf(ref: OperationRef): JsonPath {
  return ['resources', ref.resourceName, 'operations', ref.operationIndex];
}

/** Parameters keyed by identity: `path#<position>` for path parameters, `query:<name>` for the others. */
function parameterSlots(ref: OperationRef): Map<string, ParameterSlot> {
  const out = new Map<string, ParameterSlot>();
  const opPath = operationPathOf(ref);
  const declared = ref.operation.parameters ?? [];
  const pathNames = pathParameterNames(ref.path);
  pathNames.forEach((name, position) => {
    const index = declared.findIndex((p) => p.name === name);
    const parameter = declared[index];
    out.set(
      `path#${position}`,
      parameter
        ? { name, parameter, path: [...opPath, 'parameters', index] }
        : { name, parameter: { name, type: 'string' }, path: [...opPath, 'path'] },
    );
  });
  declared.forEach((parameter, index) => {
    if (pathNames.includes(parameter.name)) return;
    const key = `query:${parameter.name}`;
    if (!out.has(key))
      out.set(key, { name: parameter.name, parameter, path: [...opPath, 'parameters', index] });
  });
  return out;
}

function compareParameters(ctx: DiffContext, base: OperationRef, head: OperationRef): void {
  const baseSlots = parameterSlots(base);
  const headSlots = parameterSlots(head);
  const reach = reachOn('request', [head.key]);
  const site = (name: string, path: JsonPath) => ({
    kind: 'parameter' as const,
    label: `parameter "${name}" of ${head.key}`,
    at: place.parameter(ctx.service, head.key, name),
    path,
    reach,
  });
  for (const [key, before] of baseSlots) {
    const after = headSlots.get(key);
    if (after) memberChanged(ctx, site(after.name, after.path), before.parameter, after.parameter);
    else memberRemoved(ctx, site(before.name, [...operationPathOf(head), 'parameters']), before.parameter);
  }
  for (const [key, after] of headSlots) {
    if (!baseSlots.has(key)) memberAdded(ctx, site(after.name, after.path), after.parameter);
  }
}

function compareAuth(ctx: DiffContext, base: OperationRef, head: OperationRef): void {
  const before = base.operation.auth ?? 'iam';
  const after = head.operation.auth ?? 'iam';
  if (before === after) return;
  ctx.report({
    at: place.operation(ctx.service, head.key),
    path: [...operationPathOf(head), 'auth'],
    reach: reachOn('request', [head.key]),
    what: `the auth of ${head.key} changed from ${before} to ${after}`,
    verdicts: [
      after === 'iam'
        ? {
            side: 'request',
            rule: 'operation-auth-tightened',
            why: 'old clients that do not sign their requests are rejected',
          }
        : { side: 'request', rule: 'operation-auth-loosened', why: 'anyone may now call it without signing' },
    ],
  });
}

function compareBody(ctx: DiffContext, base: OperationRef, head: OperationRef): void {
  const before = base.operation.body;
  const after = head.operation.body;
  const at = place.body(ctx.service, head.key);
  const path = [...operationPathOf(head), 'body'];
  const reach = reachOn('request', [head.key]);
  if (!before && !after) return;
  if (!before && after) {
    ctx.report({
      at,
      path,
      reach,
      what: `${head.key} now takes a body of type "${after.type}"`,
      verdicts: [{ side: 'request', rule: 'body-added', why: 'old clients send no body and are rejected' }],
    });
    return;
  }
  if (before && !after) {
    ctx.report({
      at,
      path,
      reach,
      what: `${head.key} no longer takes a body (was "${before.type}")`,
      verdicts: [
        {
          side: 'request',
          rule: 'body-type-changed',
          why: 'old clients still send one (the policy names no rule for a removed body; reported under the nearest one)',
        },
      ],
    });
    return;
  }
  if (!before || !after) return;
  const change = classifyTypeChange(before.type, ctx.base.spec, after.type, ctx.head.spec);
  if (change !== 'same') {
    ctx.report({
      at,
      path: [...path, 'type'],
      reach,
      what: `the body type of ${head.key} changed from "${before.type}" to "${after.type}"${change === 'unrelated' ? ' (unrelated types)' : ''}`,
      verdicts: [
        change === 'widened'
          ? {
              side: 'request',
              rule: 'request-type-widened',
              why: 'the server accepts every body it accepted before',
            }
          : {
              side: 'request',
              rule: 'body-type-changed',
              why: 'the server may reject bodies old clients send',
            },
      ],
    });
  }
  compareDescription(
    ctx,
    { label: `the body of ${head.key}`, at, path, reach },
    before.description,
    after.description,
  );
}

function compareResponses(ctx: DiffContext, base: OperationRef, head: OperationRef): void {
  const before = base.operation.responses;
  const after = head.operation.responses;
  const responsesPath = [...operationPathOf(head), 'responses'];
  const reach = reachOn('response', [head.key]);
  for (const [status, response] of Object.entries(before)) {
    const at = place.response(ctx.service, head.key, status);
    const now = after[status];
    if (!now) {
      const success = isSuccessStatus(status);
      ctx.report({
        at,
        path: responsesPath,
        reach,
        what: `response ${status} of ${head.key} was removed`,
        verdicts: [
          success
            ? {
                side: 'response',
                rule: 'response-status-removed',
                why: 'old clients expecting it will not get it',
              }
            : {
                side: 'response',
                rule: 'response-status-removed',
                level: 'info',
                why: 'it is not a success status, so old clients handle it generically',
              },
        ],
      });
      continue;
    }
    const change = classifyTypeChange(response.type, ctx.base.spec, now.type, ctx.head.spec);
    if (change === 'widened' || change === 'unrelated') {
      ctx.report({
        at,
        path: [...responsesPath, status, 'type'],
        reach,
        what: `the type of response ${status} of ${head.key} changed from "${response.type}" to "${now.type}"${change === 'unrelated' ? ' (unrelated types)' : ''}`,
        verdicts: [
          {
            side: 'response',
            rule: 'response-type-changed',
            why: 'old clients may receive values they do not understand',
          },
        ],
      });
    }
    compareDescription(
      ctx,
      { label: `response ${status} of ${head.key}`, at, path: [...responsesPath, status], reach },
      response.description,
      now.description,
    );
  }
  for (const status of Object.keys(after)) {
    if (before[status]) continue;
    ctx.report({
      at: place.response(ctx.service, head.key, status),
      path: [...responsesPath, status],
      reach,
      what: `${head.key} may now respond ${status}`,
      verdicts: [{ side: 'response', rule: 'response-status-added', why: 'clients may handle it' }],
    });
  }
}

function compareOperation(ctx: DiffContext, base: OperationRef, head: OperationRef): void {
  compareDescription(
    ctx,
    {
      label: `operation ${head.key}`,
      at: place.operation(ctx.service, head.key),
      path: operationPathOf(head),
      reach: reachBoth([head.key]),
    },
    base.operation.description,
    head.operation.description,
  );
  compareAuth(ctx, base, head);
  compareBody(ctx, base, head);
  compareParameters(ctx, base, head);
  compareResponses(ctx, base, head);
}

/**
 * Compares the operations of both specs. Operations of a resource that no longer exists are
 * left to `resource-removed` (see resources.ts).
 */
export function compareOperations(ctx: DiffContext): void {
  const headResources = ctx.head.spec.resources ?? {};
  for (const [identity, before] of ctx.baseOperations) {
    const after = ctx.headOperations.get(identity);
    if (after) {
      compareOperation(ctx, before, after);
      continue;
    }
    if (!Object.hasOwn(headResources, before.resourceName)) continue;
    ctx.report({
      at: place.operation(ctx.service, before.key),
      path: ['resources', before.resourceName, 'operations'],
      reach: reachBoth([before.key]),
      what: `operation ${before.key} was removed`,
      deprecation: before.operation.deprecation,
      verdicts: [{ side: 'any', rule: 'operation-removed', why: 'old clients calling it fail' }],
    });
  }
  for (const [identity, after] of ctx.headOperations) {
    if (ctx.baseOperations.has(identity)) continue;
    ctx.report({
      at: place.operation(ctx.service, after.key),
      path: operationPathOf(after),
      reach: reachBoth([after.key]),
      what: `operation ${after.key} was added`,
      verdicts: [{ side: 'any', rule: 'operation-added', why: 'clients may call it' }],
    });
  }
}

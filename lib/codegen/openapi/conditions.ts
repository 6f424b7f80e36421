/**
 * Which operations take part in conditional requests (functions/runtime/http/conditional.ts). The
 * header rules (headers.ts) and the standard answers (answers.ts) ask the same questions here, so a
 * header and the answers it can cause are documented together or not at all. Each answer follows
 * where the runtime honours the header, not the HTTP method alone:
 *
 * - An entity tag: the adapter (http/handler.ts) tags a response whose body has a `version` that is
 *   a safe integer from 1 up. The document promises the header only where every body has one: the
 *   declared type is a model whose `version` is a required `integer` or `long` with `minimum` 1 or
 *   more (as every stored resource declares it).
 * - If-None-Match: the adapter answers 304 only for a GET whose 200 carries an entity tag.
 * - If-Match: not the adapter, the implementation checks it. The standard replace and delete do
 *   (functions/runtime/standard-operations.ts), and an implementation written in place of one is
 *   held to it too (orders' replace-order.ts does, with assertIfMatch). A custom PUT, PATCH or
 *   DELETE does only if its implementation calls assertIfMatch, which the generator cannot see: its
 *   spec says so by declaring a 412, the answer only that check gives.
 */
import type { Spec } from '../../contract/schema';
import { standardShape } from '../standard-shape';
import type { OperationContext } from './headers';

const INTEGER_TYPES = new Set(['integer', 'long']);
const CONDITIONAL_WRITES = new Set(['PUT', 'PATCH', 'DELETE']);

/** Whether every body of this type carries an entity tag (see the module comment). */
export function isTaggedType(spec: Spec, type: string): boolean {
  const version = spec.models?.[type]?.fields.find((field) => field.name === 'version');
  return (
    version !== undefined &&
    INTEGER_TYPES.has(version.type) &&
    version.required !== false &&
    version.minimum !== undefined &&
    version.minimum >= 1
  );
}

/** Whether the operation's response of `status` carries an entity tag: any declared status, as the adapter tags any. */
export function carriesEntityTag({ op, spec }: OperationContext, status: string): boolean {
  const response = Object.hasOwn(op.operation.responses, status) ? op.operation.responses[status] : undefined;
  return response !== undefined && isTaggedType(spec, response.type);
}

/** Whether the operation answers 304 to an If-None-Match that lists the current tag. */
export function honoursIfNoneMatch(context: OperationContext): boolean {
  return context.op.operation.method === 'GET' && carriesEntityTag(context, '200');
}

/** Whether the operation writes only if its If-Match holds (412 otherwise). */
export function honoursIfMatch(context: OperationContext): boolean {
  const { op, spec } = context;
  if (!CONDITIONAL_WRITES.has(op.operation.method)) return false;
  const kind = standardShape(op, spec)?.kind;
  return kind === 'replace' || kind === 'delete' || Object.hasOwn(op.operation.responses, '412');
}

/** Whether the operation reads an If-Match or If-None-Match header at all (400 when it is malformed). */
export function readsConditionHeader(context: OperationContext): boolean {
  return honoursIfMatch(context) || honoursIfNoneMatch(context);
}

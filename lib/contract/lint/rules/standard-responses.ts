import { isListOperation } from '../../model';
import { place } from '../../place';
import type { HttpMethod, Operation } from '../../schema';
import type { LintRule } from '../rule';
import { operationsOf } from '../walk';

/** Why each standard status is expected, and the body it has. */
const STATUS: Record<string, { readonly why: string; readonly body: string }> = {
  '200': { why: 'the success response', body: 'the resource model' },
  '201': { why: 'the success response of a create', body: 'the resource model' },
  '204': { why: 'the success response of a delete', body: 'unit' },
  '404': { why: 'answered when the item does not exist', body: 'unit' },
  '409': {
    why: 'answered on a concurrent change (writes are conditional on the version read)',
    body: 'generic_error',
  },
  '422': { why: 'answered when the input is invalid', body: 'generic_error' },
};

/** The statuses an operation must declare, and how to name the kind of operation in messages. */
export function expectedStatuses(path: string, operation: Operation): { kind: string; statuses: string[] } {
  const method: HttpMethod = operation.method;
  switch (method) {
    case 'GET':
      return isListOperation(path, operation)
        ? { kind: 'a list GET', statuses: ['200'] }
        : { kind: 'a GET by id', statuses: ['200', '404'] };
    case 'POST':
      return { kind: 'a POST', statuses: ['201', '422'] };
    case 'PUT':
    case 'PATCH':
      return { kind: `a ${method}`, statuses: ['200', '404', '409', '422'] };
    case 'DELETE':
      return { kind: 'a DELETE', statuses: ['204', '404'] };
  }
}

export const standardResponses: LintRule = {
  id: 'standard-responses',
  description:
    'Operations declare the standard responses of their kind: GET by id 200 and 404; list GET 200; POST 201 and 422; PUT and PATCH 200, 404, 409 and 422; DELETE 204 and 404.',
  check(spec, report) {
    for (const { operation, path, key, jsonPath } of operationsOf(spec)) {
      const { kind, statuses } = expectedStatuses(path, operation);
      for (const status of statuses) {
        if (Object.hasOwn(operation.responses, status)) continue;
        const { why, body } = STATUS[status] ?? { why: 'expected', body: 'generic_error' };
        report(
          [...jsonPath, 'responses'],
          place.response(spec.name, key, status),
          `${key} has no ${status} response (${kind} declares ${statuses.join(', ')})`,
          `Add a "${status}" response (${why}) whose type is ${body}.`,
        );
      }
    }
  },
};

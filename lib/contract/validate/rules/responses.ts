import { allOperations, isListOperation, isSuccessStatus } from '../../model';
import { formatTypeRef, tryParseTypeRef } from '../../type-ref';
import type { SpecRule } from '../context';
import { mentionsUnknown, modelOf, operationJsonPath } from './walk';

const STATUS = /^[1-5]\d\d$/;

export const responseStatus: SpecRule = {
  id: 'response-status',
  description: 'Response keys are HTTP status codes: three digits from 100 to 599.',
  check(spec, report) {
    for (const op of allOperations(spec)) {
      for (const status of Object.keys(op.operation.responses)) {
        if (STATUS.test(status)) continue;
        report(
          [...operationJsonPath(op), 'responses', status],
          `response "${status}" of ${op.key} is not an HTTP status code (three digits from 100 to 599)`,
          'Key each response by its status code, such as "200", "404" or "422".',
        );
      }
    }
  },
};

const UNIT_STATUSES: ReadonlySet<string> = new Set(['204', '404']);

export const responseUnit: SpecRule = {
  id: 'response-unit',
  description: 'Responses 204 and 404 have type `unit` (no body).',
  check(spec, report) {
    for (const op of allOperations(spec)) {
      for (const [status, response] of Object.entries(op.operation.responses)) {
        if (!UNIT_STATUSES.has(status) || response.type === 'unit') continue;
        report(
          [...operationJsonPath(op), 'responses', status, 'type'],
          `response ${status} of ${op.key} has type "${response.type}"; a ${status} response has no body`,
          'Make its type "unit".',
        );
      }
    }
  },
};

export const successResponse: SpecRule = {
  id: 'success-response',
  description: 'Every operation has at least one success (2xx) response.',
  check(spec, report) {
    for (const op of allOperations(spec)) {
      if (Object.keys(op.operation.responses).some(isSuccessStatus)) continue;
      report(
        [...operationJsonPath(op), 'responses'],
        `${op.key} has no success (2xx) response`,
        op.operation.method === 'DELETE'
          ? 'Add "204": { "type": "unit" }.'
          : op.operation.method === 'POST'
            ? `Add "201": { "type": "${op.resourceName}" }.`
            : `Add "200": { "type": "${op.resourceName}" }.`,
      );
    }
  },
};

export const resourceResponseType: SpecRule = {
  id: 'resource-response-type',
  description:
    "A resource's success responses (other than 204) have the resource model's type, and a list operation's are a list of it.",
  check(spec, report) {
    for (const op of allOperations(spec)) {
      if (!modelOf(spec, op.resourceName)) continue; // resource-model reports it
      const list = isListOperation(op.path, op.operation);
      const expected = list ? `[${op.resourceName}]` : op.resourceName;
      for (const [status, response] of Object.entries(op.operation.responses)) {
        if (!isSuccessStatus(status) || status === '204') continue;
        const ref = tryParseTypeRef(response.type);
        if (!ref || mentionsUnknown(spec, ref) || formatTypeRef(ref) === expected) continue;
        report(
          [...operationJsonPath(op), 'responses', status, 'type'],
          `response ${status} of ${op.key} has type "${response.type}"; ` +
            (list
              ? `a list operation of resource "${op.resourceName}" returns "${expected}"`
              : `a success response of resource "${op.resourceName}" returns "${expected}"`),
          `Make its type "${expected}"` +
            (list ? '.' : ', or "204" with "unit" for no body. A client form belongs in the request body.'),
        );
      }
    }
  },
};

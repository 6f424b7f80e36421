import { place } from '../../place';
import type { LintRule } from '../rule';
import { operationsOf } from '../walk';

const ALLOWED = new Set(['generic_error', 'unit']);

export const errorResponseBody: LintRule = {
  id: 'error-response-body',
  description:
    'Every 4xx response is a generic_error or unit: clients handle every error one way, and the runtime sends generic_error for the errors it raises itself.',
  check(spec, report) {
    for (const { operation, key, jsonPath } of operationsOf(spec)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^4\d\d$/.test(status) || ALLOWED.has(response.type)) continue;
        report(
          [...jsonPath, 'responses', status, 'type'],
          place.response(spec.name, key, status),
          `the ${status} response of ${key} is "${response.type}", not generic_error or unit`,
          'Use "generic_error" ({ code, messages }) and put the details in its messages, or "unit" for no body.',
        );
      }
    }
  },
};

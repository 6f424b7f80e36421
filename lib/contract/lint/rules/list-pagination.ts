import type { JsonPath } from '../../diagnostic';
import { isListOperation } from '../../model';
import { place } from '../../place';
import type { Parameter } from '../../schema';
import type { LintReport, LintRule } from '../rule';
import { type LintOperation, operationsOf } from '../walk';

export const LIMIT = { type: 'integer', minimum: 1, maximum: 100, default: 25 } as const;

const LIMIT_JSON = '{ "name": "limit", "type": "integer", "default": 25, "minimum": 1, "maximum": 100 }';
const CURSOR_JSON = '{ "name": "cursor", "type": "string", "required": false }';

export const listPagination: LintRule = {
  id: 'list-pagination',
  description:
    'List operations page: they take `limit` (integer, minimum 1, maximum 100, default 25) and `cursor` (an optional string), the same on every list.',
  check(spec, report) {
    for (const operation of operationsOf(spec)) {
      if (!isListOperation(operation.path, operation.operation)) continue;
      const parameters = operation.operation.parameters ?? [];
      const find = (name: string) => {
        const index = parameters.findIndex((p) => p.name === name);
        const parameter = parameters[index];
        return parameter ? { parameter, jsonPath: [...operation.jsonPath, 'parameters', index] } : undefined;
      };
      const at = (name: string) => place.parameter(spec.name, operation.key, name);
      const whereParameters: JsonPath = operation.operation.parameters
        ? [...operation.jsonPath, 'parameters']
        : operation.jsonPath;

      const limit = find('limit');
      if (!limit) {
        report(
          whereParameters,
          at('limit'),
          `list operation ${operation.key} has no limit parameter`,
          `Add the parameter ${LIMIT_JSON}.`,
        );
      } else {
        checkLimit(operation, limit.parameter, limit.jsonPath, at('limit'), report);
      }

      const cursor = find('cursor');
      if (!cursor) {
        report(
          whereParameters,
          at('cursor'),
          `list operation ${operation.key} has no cursor parameter`,
          `Add the parameter ${CURSOR_JSON}.`,
        );
      } else {
        const { parameter, jsonPath } = cursor;
        if (parameter.type !== 'string') {
          report(
            [...jsonPath, 'type'],
            at('cursor'),
            `the cursor parameter of ${operation.key} is "${parameter.type}", not string`,
            'Make it "type": "string": a cursor is an opaque token.',
          );
        }
        if (parameter.required !== false) {
          report(
            parameter.required === undefined ? jsonPath : [...jsonPath, 'required'],
            at('cursor'),
            `the cursor parameter of ${operation.key} is required`,
            'Set "required": false: the first page is requested without a cursor.',
          );
        }
      }
    }
  },
};

function checkLimit(
  operation: LintOperation,
  parameter: Parameter,
  jsonPath: JsonPath,
  at: string,
  report: LintReport,
): void {
  const deviation = (key: keyof typeof LIMIT, actual: unknown) => {
    const expected = LIMIT[key];
    if (actual === expected) return;
    const what =
      actual === undefined
        ? `has no ${key} (want ${JSON.stringify(expected)})`
        : `has ${key} ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`;
    report(
      actual === undefined ? jsonPath : [...jsonPath, key],
      at,
      `the limit parameter of ${operation.key} ${what}`,
      `Set "${key}": ${JSON.stringify(expected)}; every list takes ${LIMIT_JSON}.`,
    );
  };
  deviation('type', parameter.type);
  deviation('minimum', parameter.minimum);
  deviation('maximum', parameter.maximum);
  deviation('default', parameter.default);
}

import { allOperations } from '../../model';
import type { SpecRule } from '../context';
import { forEachRepeat, operationJsonPath } from './walk';

export const fieldNameUnique: SpecRule = {
  id: 'field-name-unique',
  description: 'Field names are unique in their model.',
  check(spec, report) {
    for (const [modelName, model] of Object.entries(spec.models ?? {})) {
      forEachRepeat(
        model.fields,
        (field) => field.name,
        (i, first, field) =>
          report(
            ['models', modelName, 'fields', i, 'name'],
            `field "${field.name}" appears more than once in model "${modelName}" (first at fields[${first}])`,
            'Remove the repeat or rename it.',
          ),
      );
    }
  },
};

export const parameterNameUnique: SpecRule = {
  id: 'parameter-name-unique',
  description: 'Parameter names are unique in their operation.',
  check(spec, report) {
    for (const op of allOperations(spec)) {
      forEachRepeat(
        op.operation.parameters ?? [],
        (parameter) => parameter.name,
        (i, first, parameter) =>
          report(
            [...operationJsonPath(op), 'parameters', i, 'name'],
            `parameter "${parameter.name}" appears more than once in ${op.key} (first at parameters[${first}])`,
            'Remove the repeat or rename it.',
          ),
      );
    }
  },
};

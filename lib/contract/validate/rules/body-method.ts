import { allOperations } from '../../model';
import type { SpecRule } from '../context';
import { operationJsonPath } from './walk';

const NO_BODY: ReadonlySet<string> = new Set(['GET', 'DELETE']);

export const bodyMethod: SpecRule = {
  id: 'body-method',
  description: 'GET and DELETE operations have no request body.',
  check(spec, report) {
    for (const op of allOperations(spec)) {
      if (!op.operation.body || !NO_BODY.has(op.operation.method)) continue;
      report(
        [...operationJsonPath(op), 'body'],
        `${op.key} has a body; ${op.operation.method} requests never carry one`,
        op.operation.method === 'GET'
          ? 'Pass the input as query parameters, or use POST.'
          : 'Identify what to delete by the path, or use POST for a command with input.',
      );
    }
  },
};

import { allOperations, type OperationRef } from '../../model';
import { derivedOperationIds, isReservedOperationName, pascalCase } from '../../names';
import type { SpecRule } from '../context';
import { operationJsonPath } from './walk';

/**
 * An operation's `name` is its id everywhere (client method, descriptor, OpenAPI operationId,
 * Lambda file name), so it must be usable as a method name and name one operation of the service.
 * Names are compared ignoring letter case too: the Lambda's file is the id in kebab case
 * (`getURL` and `getUrl` both become `get-url.ts`), and some file systems ignore case.
 */
export const operationName: SpecRule = {
  id: 'operation-name',
  description:
    'An operation `name` is not a reserved word and differs (ignoring case) from every other operation id of the service, declared or derived.',
  check(spec, report) {
    const derived = derivedOperationIds(spec);
    const operations = allOperations(spec);
    /** Ids seen so far, lower-cased: the operation holding each, and whether it was declared. */
    const byFolded = new Map<
      string,
      { readonly id: string; readonly op: OperationRef; readonly declared: boolean }
    >();
    for (const op of operations) {
      const id = derived.get(op.key);
      if (op.operation.name === undefined && id !== undefined)
        byFolded.set(id.toLowerCase(), { id, op, declared: false });
    }
    for (const op of operations) {
      const name = op.operation.name;
      if (name === undefined) continue;
      const path = [...operationJsonPath(op), 'name'];
      if (isReservedOperationName(name)) {
        report(
          path,
          `name "${name}" of ${op.key} is a reserved word; it cannot name the generated client's method`,
          `Choose another lower camelCase name, such as "${name}${pascalCase(op.resourceName)}".`,
        );
        continue;
      }
      const holder = byFolded.get(name.toLowerCase());
      if (holder === undefined) {
        byFolded.set(name.toLowerCase(), { id: name, op, declared: true });
        continue;
      }
      const theirs = holder.declared
        ? `declares the name "${holder.id}"`
        : `has the derived id "${holder.id}"`;
      const same = holder.id === name ? 'is the id of' : 'differs only in letter case from the id of';
      report(
        path,
        `name "${name}" of ${op.key} ${same} ${holder.op.key}, which ${theirs}`,
        holder.declared
          ? 'Give each operation its own name: ids name client methods and Lambda files.'
          : `Choose another name, or give ${holder.op.key} a "name" of its own.`,
      );
    }
  },
};

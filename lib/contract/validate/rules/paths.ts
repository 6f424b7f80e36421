import { formatJsonPath } from '../../diagnostic';
import { allOperations, normalizePath, type OperationRef, pathParameterNames } from '../../model';
import type { SpecRule } from '../context';
import { forEachRepeat, operationJsonPath } from './walk';

const PARAMETER_SEGMENT = /^:[A-Za-z0-9_]+$/;
const LITERAL_SEGMENT = /^[A-Za-z0-9._~-]+$/;

/**
 * What is wrong with a non-empty path, if anything. A trailing "/" is left to the lint rule
 * `path-no-trailing-slash` (it is a style problem, and the root resource path "/" is allowed).
 */
function pathProblem(path: string): { problem: string; hint: string } | undefined {
  if (!path.startsWith('/')) return { problem: 'does not start with "/"', hint: `Write it "/${path}".` };
  const segments = path.slice(1).split('/');
  if (segments.at(-1) === '') segments.pop();
  for (const segment of segments) {
    if (segment === '') return { problem: 'has an empty segment ("//")', hint: 'Remove the extra "/".' };
    if (segment.startsWith(':')) {
      if (!PARAMETER_SEGMENT.test(segment)) {
        return {
          problem: `has the segment "${segment}", which is not ":" and a parameter name`,
          hint: 'A path parameter is a whole segment: ":" then letters, digits or "_", as in "/:user_id".',
        };
      }
    } else if (!LITERAL_SEGMENT.test(segment)) {
      return {
        problem: `has the segment "${segment}" with characters other than letters, digits, "-", ".", "_" and "~"`,
        hint: 'Write path parameters as ":name" (not {name}), and keep literal segments to URL-safe characters.',
      };
    }
  }
  return undefined;
}

export const pathFormat: SpecRule = {
  id: 'path-format',
  description:
    'Resource and operation paths start with "/", have no empty segment ("//"), and mark parameters as whole ":name" segments.',
  check(spec, report) {
    for (const [name, resource] of Object.entries(spec.resources ?? {})) {
      if (resource.path !== undefined) {
        const found = pathProblem(resource.path);
        if (found)
          report(
            ['resources', name, 'path'],
            `path "${resource.path}" of resource "${name}" ${found.problem}`,
            found.hint,
          );
      }
      resource.operations.forEach((operation, i) => {
        if (operation.path === undefined || operation.path === '') return;
        const found = pathProblem(operation.path);
        if (found) {
          report(
            ['resources', name, 'operations', i, 'path'],
            `path "${operation.path}" of operation ${i} (${operation.method}) of resource "${name}" ${found.problem}`,
            found.hint,
          );
        }
      });
    }
  },
};

export const pathParameters: SpecRule = {
  id: 'path-parameters',
  description:
    'A path names each parameter once, and a parameter named in the path is required and has no default.',
  check(spec, report) {
    for (const [name, resource] of Object.entries(spec.resources ?? {})) {
      forEachRepeat(
        pathParameterNames(resource.path ?? ''),
        (p) => p,
        (_i, _first, parameter) =>
          report(
            ['resources', name, 'path'],
            `path "${resource.path}" of resource "${name}" names ":${parameter}" more than once`,
            'Give each path parameter its own name.',
          ),
      );
    }
    for (const op of allOperations(spec)) checkOperation(op, report);
  },
};

function checkOperation(op: OperationRef, report: Parameters<SpecRule['check']>[1]): void {
  const base = operationJsonPath(op);
  const inherited = pathParameterNames(op.resource.path ?? '');
  const own = pathParameterNames(op.operation.path ?? '');
  const seen = new Set(inherited);
  for (const parameter of new Set(own.filter((p, i) => seen.has(p) || own.indexOf(p) !== i))) {
    report(
      [...base, 'path'],
      `${op.key} names ":${parameter}" more than once`,
      'Give each path parameter its own name (say ":user_id" and ":order_id").',
    );
  }
  const inPath = new Set([...inherited, ...own]);
  (op.operation.parameters ?? []).forEach((parameter, i) => {
    if (!inPath.has(parameter.name)) return;
    const path = [...base, 'parameters', i];
    if (parameter.required === false) {
      report(
        [...path, 'required'],
        `path parameter "${parameter.name}" of ${op.key} is optional; a parameter named in the path is always given`,
        'Remove "required": false, or take it out of the path to make it a query parameter.',
      );
    }
    if (parameter.default !== undefined) {
      report(
        [...path, 'default'],
        `path parameter "${parameter.name}" of ${op.key} has a default; a parameter named in the path is always given`,
        'Remove the default, or take it out of the path to make it a query parameter.',
      );
    }
  });
}

export const duplicateRoute: SpecRule = {
  id: 'duplicate-route',
  description: 'No two operations share a method and a path (parameter names aside).',
  check(spec, report) {
    const operations = allOperations(spec);
    forEachRepeat(
      operations,
      (op) => `${op.operation.method} ${normalizePath(op.path)}`,
      (i, first) => {
        const op = operations[i];
        const earlier = operations[first];
        if (!op || !earlier) return;
        const same = op.key === earlier.key ? 'is defined twice' : `is the same route as ${earlier.key}`;
        report(
          operationJsonPath(op),
          `${op.key} ${same} (${formatJsonPath(operationJsonPath(earlier))})`,
          'Remove one of them, or give them different paths or methods.',
        );
      },
    );
  },
};

/** Where a path parameter is first named at one position, and by which operation. */
interface NamedAt {
  readonly name: string;
  readonly op: OperationRef;
}

/** Segments of a path, without the empty ones around "/" (`/users/:id` → `users`, `:id`). */
function segmentsOf(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/**
 * API Gateway (and the local router, which follows it) routes by path with parameter names
 * erased, and refuses two routes that name one position differently: `/items/{id}` beside
 * `/items/{product_id}/count`. So within a service, paths that agree up to a parameter segment
 * (literal segments equal, parameters at the same places) must give that parameter one name.
 */
export const pathParameterNaming: SpecRule = {
  id: 'path-parameter-names',
  description:
    'Within a service, operations whose paths agree up to a parameter segment give that parameter the same name.',
  check(spec, report) {
    const named = new Map<string, NamedAt>();
    const reported = new Set<string>();
    for (const op of allOperations(spec)) {
      const segments = segmentsOf(op.path);
      const inResourcePath = segmentsOf(op.resource.path ?? `/${op.resourceName}s`).length;
      segments.forEach((segment, i) => {
        if (!PARAMETER_SEGMENT.test(segment)) return;
        const name = segment.slice(1);
        const position = `/${segments
          .slice(0, i)
          .map((s) => (s.startsWith(':') ? ':' : s))
          .join('/')}`;
        const first = named.get(position);
        if (first === undefined) {
          named.set(position, { name, op });
          return;
        }
        if (first.name === name) return;
        const path =
          i < inResourcePath ? ['resources', op.resourceName, 'path'] : [...operationJsonPath(op), 'path'];
        const once = `${formatJsonPath(path)} ${i}`;
        if (reported.has(once)) return;
        reported.add(once);
        report(
          path,
          `":${name}" in ${op.key} is ":${first.name}" in ${first.op.key}: paths that agree up to a parameter must give it one name`,
          `Rename ":${name}" to ":${first.name}" (API Gateway refuses routes that name one position differently).`,
        );
      });
    }
  },
};

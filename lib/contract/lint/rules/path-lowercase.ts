import type { JsonPath } from '../../diagnostic';
import { place } from '../../place';
import type { LintRule } from '../rule';
import { operationsOf, SNAKE_CASE, toSnakeCase } from '../walk';

/** The offending segments of a path and the path as it should be. */
function offences(path: string): { bad: string[]; fixed: string } {
  const bad: string[] = [];
  const fixed = path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        const name = segment.slice(1);
        if (SNAKE_CASE.test(name)) return segment;
        bad.push(segment);
        return `:${toSnakeCase(name) || name}`;
      }
      if (segment === segment.toLowerCase()) return segment;
      bad.push(segment);
      return segment.toLowerCase();
    })
    .join('/');
  return { bad, fixed };
}

export const pathLowercase: LintRule = {
  id: 'path-lowercase',
  description:
    'Resource and operation paths are lower case and the parameter names in them (`:name`) are snake case: URLs are case sensitive, and mixed case invites near-duplicate routes.',
  check(spec, report) {
    const check = (what: string, path: string, jsonPath: JsonPath, at: string) => {
      const { bad, fixed } = offences(path);
      if (bad.length === 0) return;
      report(
        jsonPath,
        at,
        `the path "${path}" of ${what} is not lower case: ${bad.map((s) => `"${s}"`).join(', ')}`,
        bad.some((segment) => segment.startsWith(':'))
          ? `Use "${fixed}", and rename the parameters to match.`
          : `Use "${fixed}".`,
      );
    };
    for (const [name, resource] of Object.entries(spec.resources ?? {})) {
      if (resource.path !== undefined) {
        check(
          `resource "${name}"`,
          resource.path,
          ['resources', name, 'path'],
          place.resource(spec.name, name),
        );
      }
    }
    for (const { operation, key, jsonPath, at } of operationsOf(spec)) {
      if (operation.path !== undefined) check(key, operation.path, [...jsonPath, 'path'], at);
    }
  },
};

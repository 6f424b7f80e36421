import { place } from '../../place';
import type { LintRule } from '../rule';
import { operationsOf } from '../walk';

const withoutTrailingSlashes = (path: string) => path.replace(/\/+$/, '');

export const pathNoTrailingSlash: LintRule = {
  id: 'path-no-trailing-slash',
  description:
    'Resource and operation paths do not end in a slash (the empty path aside): `/users/` and `/users` would be different routes.',
  check(spec, report) {
    for (const [name, resource] of Object.entries(spec.resources ?? {})) {
      const path = resource.path;
      // A resource at the root ("/") has no trailing slash to remove.
      if (path !== undefined && path.length > 1 && path.endsWith('/')) {
        report(
          ['resources', name, 'path'],
          place.resource(spec.name, name),
          `the path of resource "${name}" ends in a slash: "${path}"`,
          `Use "${withoutTrailingSlashes(path) || '/'}".`,
        );
      }
    }
    for (const { operation, key, jsonPath, at } of operationsOf(spec)) {
      const path = operation.path;
      // The operation's path is appended to the resource's, so even "/" adds a trailing slash.
      if (path?.endsWith('/')) {
        const fixed = withoutTrailingSlashes(path);
        report(
          [...jsonPath, 'path'],
          at,
          `the path of ${key} ends in a slash: "${path}"`,
          fixed
            ? `Use "${fixed}".`
            : 'Remove "path": an operation on the resource itself has the empty path.',
        );
      }
    }
  },
};

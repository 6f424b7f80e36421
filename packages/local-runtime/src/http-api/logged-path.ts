/**
 * The path as the local access log may show it. A path segment is client input and may be personal
 * data (an email sent where an id belongs: `GET /users/ada%40example.org`), and the deployed access
 * log shows only the route key for that reason (ACCESS_LOG_FORMAT, lib/infra/defaults.ts). Locally a
 * developer wants to see which item a request was about, so a segment is shown when it is one of the
 * API's own literal segments (`users`) or an id of the shape every service mints (`usr-<ULID>`); any
 * other segment is shown as `*`.
 */

/** `<prefix>-<ULID>`, as functions/runtime/ids.ts mints them (any service's prefix). */
const ID_SHAPE = /^[a-z][a-z0-9]{0,9}-[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** The literal (non-parameter) segments of route paths such as `/users/{id}/confirm`. */
export function literalSegments(routePaths: Iterable<string>): Set<string> {
  const literals = new Set<string>();
  for (const path of routePaths) {
    for (const segment of path.split('/')) {
      if (segment !== '' && !segment.startsWith('{')) literals.add(segment);
    }
  }
  return literals;
}

/** `rawPath` with every segment that is neither a known literal nor an id replaced by `*`. */
export function loggedPath(rawPath: string, literals: ReadonlySet<string>): string {
  return rawPath
    .split('/')
    .map((segment) => (segment === '' || literals.has(segment) || ID_SHAPE.test(segment) ? segment : '*'))
    .join('/');
}

/**
 * Where in a JSON document something is, as segments, and its text (`$.detail["a-b"][0]`): event
 * pattern errors and explanations name the place in the pattern. The package depends on nothing in
 * the project that uses it, so it keeps its own (the same notation as a spec diagnostic's path).
 */
export type JsonPath = ReadonlyArray<string | number>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `$`, then `.name`, `["odd name"]` or `[index]` per segment. */
export function formatJsonPath(path: JsonPath): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

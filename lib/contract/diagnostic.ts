/** A path into a JSON document: object keys and array indexes, outermost first. */
export type JsonPath = ReadonlyArray<string | number>;

export type Severity = 'error' | 'warning' | 'info';

/** One problem found in a spec file, located precisely enough for an editor to jump to it. */
export interface Diagnostic {
  /** Stable id of the check that produced it, e.g. `unknown-type` or `lint/description-required`. */
  readonly rule: string;
  readonly severity: Severity;
  /** The spec file, relative to the working directory when possible. */
  readonly file: string;
  /** JSONPath-style location, e.g. `$.models.user.fields[0].type`. */
  readonly path: string;
  /** 1-based line and column of the offending value (or of its nearest existing parent). */
  readonly line: number;
  readonly column: number;
  /** What is wrong. */
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path as `$.a.b[0]['odd key']`. */
export function formatJsonPath(path: JsonPath): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Orders by file, then position, then rule: output is deterministic whatever order checks ran in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}

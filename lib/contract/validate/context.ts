import type { Diagnostic, JsonPath } from '../diagnostic';
import { formatJsonPath } from '../diagnostic';
import type { Spec } from '../schema';
import type { JsonSource } from '../source';

/** A spec that passed the structural check, with its source for positions. */
export interface LoadedSpec {
  readonly file: string;
  readonly source: JsonSource;
  readonly spec: Spec;
}

export type Report = (path: JsonPath, message: string, hint: string) => void;

/** A semantic check of one spec. One concept per rule; `id` is stable and appears in output. */
export interface SpecRule {
  readonly id: string;
  readonly description: string;
  check(spec: Spec, report: Report, file: string): void;
}

/** A check across all specs of the project (the service graph). */
export interface GraphRule {
  readonly id: string;
  readonly description: string;
  check(
    specs: readonly LoadedSpec[],
    report: (loaded: LoadedSpec, path: JsonPath, message: string, hint: string) => void,
  ): void;
}

/** Builds the reporter a rule calls, turning a JSON path into a positioned diagnostic. */
export function reporterFor(
  loaded: Pick<LoadedSpec, 'file' | 'source'>,
  rule: string,
  sink: Diagnostic[],
  severity: Diagnostic['severity'] = 'error',
): Report {
  return (path, message, hint) => {
    const { line, column } = loaded.source.positionOf(path);
    sink.push({ rule, severity, file: loaded.file, path: formatJsonPath(path), line, column, message, hint });
  };
}

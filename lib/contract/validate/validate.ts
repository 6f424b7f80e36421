import { readFileSync } from 'node:fs';
import { compareDiagnostics, type Diagnostic, formatJsonPath } from '../diagnostic';
import { JsonSyntaxError, parseJsonSource } from '../source';
import { checkStructure } from '../structure';
import { type LoadedSpec, reporterFor } from './context';
import { GRAPH_RULES, SPEC_RULES } from './rules';

export interface ValidationResult {
  /** Specs with no error at all, ready for lint, diff and generation. */
  readonly valid: LoadedSpec[];
  /** Every problem found, sorted by file and position. */
  readonly diagnostics: Diagnostic[];
}

export interface SpecText {
  /** The file name shown in diagnostics; its base name must equal the service name. */
  readonly file: string;
  /**
   * The content: bytes as read from disk or git (decoded as strict UTF-8 when parsed, so a bad
   * encoding is reported at its position rather than silently replaced), or text.
   */
  readonly text: string | Uint8Array;
}

/**
 * Parses and structurally checks one spec text. Whatever the content (any encoding, depth or
 * size), the outcome is diagnostics, never an exception: parsing refuses what would crash later.
 */
export function loadSpec(input: SpecText): { loaded?: LoadedSpec; diagnostics: Diagnostic[] } {
  let source: ReturnType<typeof parseJsonSource>;
  try {
    source = parseJsonSource(input.file, input.text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return {
      diagnostics: [
        {
          rule: error.rule,
          severity: 'error',
          file: input.file,
          path: formatJsonPath(error.path),
          line: error.line,
          column: error.column,
          message: error.problem,
          hint: error.hint,
        },
      ],
    };
  }
  const { spec, diagnostics } = checkStructure(source);
  return spec ? { loaded: { file: input.file, source, spec }, diagnostics } : { diagnostics };
}

/**
 * Validates a set of specs: JSON syntax, structure, the semantic rules of each spec, then the
 * rules across specs (subscriptions). A spec is `valid` only when nothing at all was found in it.
 */
export function validateSpecTexts(inputs: readonly SpecText[]): ValidationResult {
  const diagnostics: Diagnostic[] = [];
  const loadedSpecs: LoadedSpec[] = [];
  for (const input of inputs) {
    const result = loadSpec(input);
    diagnostics.push(...result.diagnostics);
    if (!result.loaded) continue;
    for (const rule of SPEC_RULES)
      rule.check(result.loaded.spec, reporterFor(result.loaded, rule.id, diagnostics), input.file);
    loadedSpecs.push(result.loaded);
  }
  for (const rule of GRAPH_RULES) {
    rule.check(loadedSpecs, (loaded, path, message, hint) =>
      reporterFor(loaded, rule.id, diagnostics)(path, message, hint),
    );
  }
  const failed = new Set(diagnostics.map((d) => d.file));
  return {
    valid: loadedSpecs.filter((l) => !failed.has(l.file)),
    diagnostics: diagnostics.sort(compareDiagnostics),
  };
}

/** Reads the files and validates them together. Unreadable files are reported, not thrown. */
export function validateSpecFiles(files: readonly string[]): ValidationResult {
  const inputs: SpecText[] = [];
  const unreadable: Diagnostic[] = [];
  for (const file of files) {
    try {
      inputs.push({ file, text: readFileSync(file) });
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      unreadable.push({
        rule: 'file-unreadable',
        severity: 'error',
        file,
        path: '$',
        line: 1,
        column: 1,
        message: `cannot read the file: ${reason}`,
        hint: 'Check the path; specs live in api-specs/<service>.json.',
      });
    }
  }
  const result = validateSpecTexts(inputs);
  return {
    valid: result.valid,
    diagnostics: [...unreadable, ...result.diagnostics].sort(compareDiagnostics),
  };
}

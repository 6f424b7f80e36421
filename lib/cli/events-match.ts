import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  EventPatternError,
  explainMatch,
  matches,
  parsePattern,
} from '@tributary/local-runtime/event-pattern';
import { formatJsonPath } from '../contract/diagnostic';
import { type JsonSource, JsonSyntaxError, parseJsonSource } from '../contract/source';
import { CliError, type CommandResult } from './errors';

export interface EventsMatchOptions {
  readonly cwd: string;
  /** The pattern file, as the user gave it (shown in messages). */
  readonly pattern: string;
  /** The event file, as the user gave it. */
  readonly event: string;
  readonly explain: boolean;
}

function load(cwd: string, file: string, option: string, what: string): JsonSource {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code ?? error);
    throw new CliError(
      `cannot read ${option} ${file}: ${why}. Give the path of a JSON file holding ${what}.`,
    );
  }
  try {
    return parseJsonSource(file, text);
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new CliError(
        `${error.message}\n  Fix the JSON at that position (${option} must be strict JSON: ${what}).`,
      );
    throw error;
  }
}

function duplicateWarnings(source: JsonSource): string[] {
  return source.duplicateKeys.map(
    ({ path, position }) =>
      `warning: ${source.file}:${position.line}:${position.column}: ${formatJsonPath(path)} is given twice; only the last is used here and EventBridge may read it differently: give it once.`,
  );
}

/**
 * `dev events match --pattern FILE --event FILE [--explain]`: whether the event matches the
 * pattern as EventBridge would decide. Exit 0 match, 1 no match; a missing or malformed file or
 * an invalid pattern is a CliError (exit 2) naming the file, the position and what to do.
 */
export function runEventsMatch(options: EventsMatchOptions): CommandResult {
  const patternSource = load(options.cwd, options.pattern, '--pattern', 'an EventBridge event pattern');
  const eventSource = load(options.cwd, options.event, '--event', 'an event as EventBridge delivers it');

  let pattern: ReturnType<typeof parsePattern>;
  try {
    pattern = parsePattern(patternSource.value);
  } catch (error) {
    if (!(error instanceof EventPatternError)) throw error;
    const { line, column } = patternSource.positionOf(error.path);
    throw new CliError(
      `${patternSource.file}:${line}:${column}: invalid event pattern at ${formatJsonPath(error.path)}: ${error.reason}\n  ${error.hint}`,
    );
  }
  const event = eventSource.value;
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw new CliError(
      `${eventSource.file}:1:1: an event is a JSON object (with source, detail-type, detail...), not ${
        Array.isArray(event) ? 'an array' : event === null ? 'null' : `a ${typeof event}`
      }. Give one event; to test several, run the command once per event.`,
    );

  const warnings = [...duplicateWarnings(patternSource), ...duplicateWarnings(eventSource)];
  const stderr = warnings.length > 0 ? { stderr: warnings.join('\n') } : {};
  if (!options.explain) {
    const matched = matches(pattern, event);
    return { stdout: matched ? 'match' : 'no match', exitCode: matched ? 0 : 1, ...stderr };
  }
  const explanation = explainMatch(pattern, event);
  const lines = [explanation.matched ? 'match' : 'no match', ...explanation.reasons.map((r) => `  ${r}`)];
  return { stdout: lines.join('\n'), exitCode: explanation.matched ? 0 : 1, ...stderr };
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type JsonSource, JsonSyntaxError, parseJsonSource } from '../contract/source';
import { CliError, type CommandResult } from './errors';
import { testPattern } from './pattern-test';

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

/**
 * `dev events match --pattern FILE --event FILE [--explain]`: whether the event matches the
 * pattern as EventBridge would decide. Exit 0 match, 1 no match; a missing or malformed file or
 * an invalid pattern is a CliError (exit 2) naming the file, the position and what to do.
 */
export function runEventsMatch(options: EventsMatchOptions): CommandResult {
  const patternSource = load(options.cwd, options.pattern, '--pattern', 'an EventBridge event pattern');
  const eventSource = load(options.cwd, options.event, '--event', 'an event as EventBridge delivers it');

  const result = testPattern(patternSource, eventSource);
  if (!result.ok) throw new CliError(result.message);
  const stderr = result.warnings.length > 0 ? { stderr: result.warnings.join('\n') } : {};
  const lines = [
    result.matched ? 'match' : 'no match',
    ...(options.explain ? result.reasons.map((r) => `  ${r}`) : []),
  ];
  return { stdout: lines.join('\n'), exitCode: result.matched ? 0 : 1, ...stderr };
}

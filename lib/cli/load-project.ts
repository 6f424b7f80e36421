import { relative, resolve } from 'node:path';
import type { Diagnostic } from '../contract/diagnostic';
import { discoverSpecFiles } from '../contract/files';
import { type ValidationResult, validateSpecFiles } from '../contract/validate/validate';

export interface ProjectValidation extends ValidationResult {
  /** The files the user asked about (all specs when none were named), as shown in output. */
  readonly files: string[];
  /** Diagnostics of those files only. */
  readonly reported: Diagnostic[];
}

/**
 * Validates the named spec files (default: every spec of the project). The project's other
 * specs are loaded as context, so a subscription to another service can be checked, but only
 * the named files' problems are reported. Paths are shown relative to `cwd`.
 */
export function validateProject(root: string, cwd: string, named: readonly string[] = []): ProjectValidation {
  const show = (absolute: string) => relative(cwd, absolute) || absolute;
  const projectFiles = discoverSpecFiles(root).map((f) => show(resolve(root, f)));
  const files = named.length > 0 ? named.map((f) => show(resolve(cwd, f))) : projectFiles;
  const all = [...new Set([...projectFiles, ...files])];
  const result = validateSpecFiles(all.map((f) => f));
  const wanted = new Set(files);
  return { ...result, files, reported: result.diagnostics.filter((d) => wanted.has(d.file)) };
}

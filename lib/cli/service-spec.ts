import { join, relative } from 'node:path';
import { discoverSpecFiles, serviceNameOfFile } from '../contract/files';
import type { LoadedSpec } from '../contract/validate/context';
import { validateSpecFiles } from '../contract/validate/validate';
import { CliError } from './errors';

/**
 * One service's spec, validated as `dev validate` does: together with every other spec of the
 * project, since a spec that subscribes to or calls another service is valid only next to that
 * service's spec. A command that acts on a service needs the whole set to be valid, or it would act
 * on a graph of services CI refuses.
 *
 * Throws a CliError for an unknown service (listing the known ones) and for an invalid spec set
 * (naming the invalid files, relative to the project root).
 */
export function loadServiceSpec(root: string, service: string): LoadedSpec {
  const files = discoverSpecFiles(root);
  const services = files.map(serviceNameOfFile);
  if (!services.includes(service)) {
    throw new CliError(`no service "${service}" in api-specs/; services: ${services.join(', ') || 'none'}`);
  }
  // Absolute paths: the files are read as named, whatever the process's working directory.
  const result = validateSpecFiles(files.map((file) => join(root, file)));
  const invalid = [
    ...new Set(result.diagnostics.filter((d) => d.severity === 'error').map((d) => relative(root, d.file))),
  ];
  if (invalid.length > 0) {
    throw new CliError(
      `the specs are invalid (${invalid.join(', ')}): run \`npx dev validate\` and fix them first`,
    );
  }
  const wanted = join(root, files[services.indexOf(service)] ?? '');
  const loaded = result.valid.find((l) => l.file === wanted);
  if (!loaded) {
    throw new CliError(`${relative(root, wanted)} is not valid: run \`npx dev validate\` and fix it first`);
  }
  return loaded;
}

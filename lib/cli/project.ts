import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SPECS_DIR } from '../contract/files';
import { CliError } from './errors';

/** The project root: the nearest directory, from `start` upwards, that has an `api-specs/` folder. */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, SPECS_DIR))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new CliError(
        `no ${SPECS_DIR}/ folder in ${resolve(start)} or any parent: run dev from a Tributary project, or create ${SPECS_DIR}/<service>.json`,
      );
    }
    dir = parent;
  }
}

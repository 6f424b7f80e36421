/**
 * `--fail-on`: the lowest change level that fails `dev diff` / `dev check`. A module of its own so
 * the CLI's option definitions load without the diff engine (bin/dev.ts loads commands lazily).
 */
export const FAIL_ON = ['error', 'warning'] as const;
export type FailOn = (typeof FAIL_ON)[number];

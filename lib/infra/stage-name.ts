/** The stages of a deployment (`-c stage=dev|prod`). No CDK import: the CLI loads this. */
export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];
export const DEFAULT_STAGE: StageName = 'dev';

export function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

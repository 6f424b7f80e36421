import type { GraphRule, SpecRule } from '../context';
import { nameMatchesFile } from './name-matches-file';

/** Every semantic rule of one spec, in the order they run. */
export const SPEC_RULES: readonly SpecRule[] = [nameMatchesFile];

/** Every rule across specs. */
export const GRAPH_RULES: readonly GraphRule[] = [];

/**
 * EventBridge event patterns, locally: validate a pattern as PutRule would (`parsePattern`),
 * compile it once (`compilePattern`), and match events with EventBridge's semantics
 * (`matches`, `matchRules` for the local bus, `explainMatch` for people).
 */
export { type CompiledPattern, compilePattern } from './compile';
export { EventPatternError } from './errors';
export { explainMatch, type MatchExplanation } from './explain';
export { matches, matchRules } from './match';
export { OPERATORS, parsePattern } from './parse';
export type { EventPattern, LeafValue, ValueMatcher } from './types';

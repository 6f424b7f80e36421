/**
 * Moved to conventions/event-names.ts, where every shared convention lives; this re-export keeps
 * work in flight that still imports it from here (lib/codegen/asyncapi/) compiling until it imports
 * the conventions. Import from `./conventions`, not from here; delete this file once nothing does.
 */
export { detailType, eventSource, SYSTEM } from './conventions';

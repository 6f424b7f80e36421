/**
 * Moved to conventions/event-names.ts, where every shared convention lives; this re-export keeps the
 * modules still importing it from here (work in flight: lib/spec/graph.ts, lib/codegen/asyncapi/)
 * compiling until they import the conventions. Import from `./conventions`, not from here.
 */
export { detailType, eventSource, SYSTEM } from './conventions';

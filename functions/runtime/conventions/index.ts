/**
 * The conventions build-time and run-time code share (README.md): import them from here.
 */
export * from './dynamodb-limits';
export * from './environment';
export * from './event-names';
export * from './string-formats';
export * from './system-attributes';
export * from './table-layout';

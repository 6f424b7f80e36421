/** The notifications service's domain: reading (the HTTP API) and recording (the order subscriber). */
export * from './notifications';
export * from './record-notification';

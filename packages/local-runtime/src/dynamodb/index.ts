/**
 * DynamoDB Local for `dev up` and the tests: the launcher (Java check, free port, watchdog,
 * in memory or persisted) and the template's tables.
 */
export {
  type DynamoDbLocal,
  emulatorDir,
  JAVA_HINT,
  type LocalClientConfig,
  localClientConfig,
  localDynamoDbClient,
  portLockPath,
  type StartOptions,
  startDynamoDbLocal,
} from './launcher';
export { createLocalTable, createLocalTables, createTableInput, type LocalTableStatus } from './tables';

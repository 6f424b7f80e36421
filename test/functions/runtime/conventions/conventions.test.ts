/**
 * The shared conventions other than the table layout (table-layout.test.ts), pinned once.
 */
import {
  apiUrlVariable,
  DETAIL_KEYS,
  detailType,
  EVENT_ACTIONS,
  EVENT_BUS_NAME_VARIABLE,
  eventSource,
  FORWARDER_METRICS_NAMESPACE,
  MAX_ITEM_BYTES,
  MAX_NESTING_LEVELS,
  MAX_PARTITION_KEY_BYTES,
  MIN_NUMBER_MAGNITUDE,
  PARKING_QUEUE_URL_VARIABLE,
  POWERTOOLS_LOG_LEVEL_VARIABLE,
  POWERTOOLS_METRICS_NAMESPACE_VARIABLE,
  POWERTOOLS_SERVICE_NAME_VARIABLE,
  RESOURCE_TYPES_VARIABLE,
  RETURNED_SYSTEM_ATTRIBUTES,
  ROUTES_VARIABLE,
  SERVICE_NAME_VARIABLE,
  STRING_FORMATS,
  SYSTEM,
  SYSTEM_ATTRIBUTES,
  TABLE_ACCESS_VARIABLE,
  TABLE_NAME_VARIABLE,
} from '../../../../functions/runtime/conventions';

describe('event names', () => {
  it('name the source after the system and the service, the detail type after the resource and the action', () => {
    expect(SYSTEM).toBe('tributary');
    expect(eventSource('users')).toBe('tributary.users');
    expect(detailType('line_item', 'deleted')).toBe('line_item.deleted');
    expect(EVENT_ACTIONS).toEqual(['upserted', 'deleted']);
    expect(DETAIL_KEYS).toEqual(['id', 'event_id', 'version', 'occurred_at']);
    expect(Object.isFrozen(DETAIL_KEYS) && Object.isFrozen(EVENT_ACTIONS)).toBe(true);
  });
});

describe('system attributes', () => {
  it('returns every system attribute but hash_code', () => {
    expect(RETURNED_SYSTEM_ATTRIBUTES).toEqual(SYSTEM_ATTRIBUTES.filter((name) => name !== 'hash_code'));
  });
});

describe('environment variables', () => {
  it('have the names the stacks set and the Lambdas read', () => {
    expect([
      TABLE_NAME_VARIABLE,
      TABLE_ACCESS_VARIABLE,
      SERVICE_NAME_VARIABLE,
      ROUTES_VARIABLE,
      EVENT_BUS_NAME_VARIABLE,
      RESOURCE_TYPES_VARIABLE,
      PARKING_QUEUE_URL_VARIABLE,
      POWERTOOLS_SERVICE_NAME_VARIABLE,
      POWERTOOLS_LOG_LEVEL_VARIABLE,
      POWERTOOLS_METRICS_NAMESPACE_VARIABLE,
    ]).toEqual([
      'TABLE_NAME',
      'TABLE_ACCESS',
      'SERVICE_NAME',
      'ROUTES',
      'EVENT_BUS_NAME',
      'RESOURCE_TYPES',
      'PARKING_QUEUE_URL',
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_LOG_LEVEL',
      'POWERTOOLS_METRICS_NAMESPACE',
    ]);
    expect(FORWARDER_METRICS_NAMESPACE).toBe('Tributary');
  });

  it.each([
    ['users', 'USERS_API_URL'],
    ['stock_items', 'STOCK_ITEMS_API_URL'],
    ['order-lines', 'ORDER_LINES_API_URL'],
    ['v2', 'V2_API_URL'],
  ])('names the API URL variable of %s %s', (service, variable) => {
    expect(apiUrlVariable(service)).toBe(variable);
  });
});

describe('DynamoDB limits', () => {
  it('are the documented ones', () => {
    expect(MAX_PARTITION_KEY_BYTES).toBe(2048);
    expect(MAX_ITEM_BYTES).toBe(409_600);
    expect(MIN_NUMBER_MAGNITUDE).toBe(1e-130);
    expect(MAX_NESTING_LEVELS).toBe(32);
  });
});

describe('string formats', () => {
  it('are the JSON Schema formats a spec may declare', () => {
    expect(STRING_FORMATS).toEqual(['email', 'uri', 'uuid', 'date', 'date-time']);
  });
});

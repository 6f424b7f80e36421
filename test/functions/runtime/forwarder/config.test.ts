import {
  eventSource,
  ForwarderConfigError,
  forwarderConfigFromEnv,
} from '../../../../functions/runtime/forwarder/config';

describe('forwarderConfigFromEnv', () => {
  it('reads the service, the bus and the resource types', () => {
    const config = forwarderConfigFromEnv({
      SERVICE_NAME: 'users',
      EVENT_BUS_NAME: 'arn:aws:events:eu-west-1:123456789012:event-bus/tributary',
      RESOURCE_TYPES: ' user , address,, ',
    });
    expect(config.service).toBe('users');
    expect(config.eventBusName).toBe('arn:aws:events:eu-west-1:123456789012:event-bus/tributary');
    expect([...config.resourceTypes]).toEqual(['user', 'address']);
    expect(eventSource(config)).toBe('tributary.users');
  });

  it.each([
    [{}, /SERVICE_NAME.*EVENT_BUS_NAME.*RESOURCE_TYPES/],
    [{ SERVICE_NAME: 'users', EVENT_BUS_NAME: 'bus', RESOURCE_TYPES: ' , ' }, /RESOURCE_TYPES: must name/],
    [
      { SERVICE_NAME: 'users', EVENT_BUS_NAME: 'bus', RESOURCE_TYPES: 'user,_guard' },
      /"_guard" is not a resource name/,
    ],
    [{ SERVICE_NAME: 'us ers', EVENT_BUS_NAME: 'bus', RESOURCE_TYPES: 'user' }, /SERVICE_NAME/],
    [{ SERVICE_NAME: 'users', EVENT_BUS_NAME: ' ', RESOURCE_TYPES: 'user' }, /EVENT_BUS_NAME/],
  ])('rejects %j', (env, message) => {
    expect(() => forwarderConfigFromEnv(env)).toThrow(ForwarderConfigError);
    expect(() => forwarderConfigFromEnv(env)).toThrow(message);
  });
});

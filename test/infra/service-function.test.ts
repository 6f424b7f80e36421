/** ServiceFunction's props with defaults (lib/infra/service-function.ts; bundling.test.ts has its code). */
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { FUNCTION_DEFAULTS } from '../../lib/infra/defaults';
import { ServiceFunction, type ServiceFunctionProps } from '../../lib/infra/service-function';
import { constructStack, onlyResource, STAND_IN_ENTRY, unbundled } from './helpers';

function build(props: Partial<ServiceFunctionProps> = {}) {
  const stack = constructStack();
  new ServiceFunction(stack, 'GetBook', {
    ...unbundled(),
    entry: STAND_IN_ENTRY,
    description: 'books: GET /books/:id',
    environment: {},
    ...props,
  });
  const template = Template.fromStack(stack);
  return { stack, template, fn: onlyResource(template, 'AWS::Lambda::Function').Properties };
}

describe('ServiceFunction', () => {
  it('by default: 256 MiB, 10 s, no asynchronous invocation settings', () => {
    const { fn, template } = build();
    expect([fn.MemorySize, fn.Timeout]).toEqual([256, 10]);
    expect([fn.MemorySize, fn.Timeout]).toEqual([
      FUNCTION_DEFAULTS.memorySize,
      FUNCTION_DEFAULTS.timeout.toSeconds(),
    ]);
    expect(fn.DeadLetterConfig).toBeUndefined();
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
  });

  // given: one prop set; want: the function's property it changes.
  it.each<[string, Partial<ServiceFunctionProps>, string, unknown]>([
    ['memorySize', { memorySize: 512 }, 'MemorySize', 512],
    ['timeout', { timeout: Duration.seconds(20) }, 'Timeout', 20],
  ])('%s overrides its default', (_, given, property, want) => {
    expect(build(given).fn[property]).toEqual(want);
  });

  it('async sets the retries, the maximum age and the dead-letter queue', () => {
    const stack = constructStack();
    const queue = new sqs.Queue(stack, 'DeadLetters');
    new ServiceFunction(stack, 'OnUsersUser', {
      ...unbundled(),
      entry: STAND_IN_ENTRY,
      description: 'orders: subscriber',
      environment: {},
      async: { retryAttempts: 1, maxEventAge: Duration.hours(1), deadLetterQueue: queue },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 3600,
    });
    expect(onlyResource(template, 'AWS::Lambda::Function').Properties.DeadLetterConfig).toEqual({
      TargetArn: { 'Fn::GetAtt': [onlyResource(template, 'AWS::SQS::Queue').id, 'Arn'] },
    });
  });
});

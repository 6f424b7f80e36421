/** FallbackRoute (lib/infra/fallback-route.ts): its defaults, each prop overriding its default, its ids. */
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FALLBACK_DEFAULTS } from '../../lib/infra/defaults';
import { FallbackRoute, type FallbackRouteProps } from '../../lib/infra/fallback-route';
import { ServiceApi } from '../../lib/infra/service-api';
import { stageConfig } from '../../lib/infra/stage';
import { constructStack, onlyResource, STAND_IN_ENTRY, unbundled } from './helpers';

function build(props: Partial<FallbackRouteProps> = {}) {
  const stack = constructStack('tributary-dev-books');
  const stage = stageConfig('dev');
  const fallback = new FallbackRoute(stack, 'Fallback', {
    service: 'books',
    api: new ServiceApi(stack, 'Api', { stage }),
    entry: STAND_IN_ENTRY,
    routes: [
      { method: 'GET', routePath: '/books/{id}' },
      { method: 'DELETE', routePath: '/books/{id}' },
    ],
    environment: { SERVICE_NAME: 'books' },
    functions: unbundled(stage),
    ...props,
  });
  return { stack, fallback, template: Template.fromStack(stack) };
}

describe('FallbackRoute', () => {
  it('by default: 128 MiB, 3 s, the routes it answers for in ROUTES (sorted), and no auth on $default', () => {
    const { template } = build();
    expect(onlyResource(template, 'AWS::Lambda::Function').Properties).toMatchObject({
      Description: 'books: $default route (404/405 for unmatched requests)',
      MemorySize: FALLBACK_DEFAULTS.memorySize,
      Timeout: FALLBACK_DEFAULTS.timeout.toSeconds(),
      Environment: {
        Variables: {
          SERVICE_NAME: 'books',
          ROUTES: 'DELETE /books/{id},GET /books/{id}',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    expect([FALLBACK_DEFAULTS.memorySize, FALLBACK_DEFAULTS.timeout.toSeconds()]).toEqual([128, 3]);
    expect(onlyResource(template, 'AWS::ApiGatewayV2::Route').Properties).toMatchObject({
      RouteKey: '$default',
      AuthorizationType: 'NONE',
    });
  });

  // given: one prop set; want: the function's property it changes.
  it.each<[string, Partial<FallbackRouteProps>, string, unknown]>([
    ['memorySize', { memorySize: 256 }, 'MemorySize', 256],
    ['timeout', { timeout: Duration.seconds(5) }, 'Timeout', 5],
  ])('%s overrides its default', (_, given, property, want) => {
    expect(onlyResource(build(given).template, 'AWS::Lambda::Function').Properties[property]).toEqual(want);
  });

  it('acknowledges the unauthenticated route (cdk-nag APIG4) with why', () => {
    const { fallback } = build();
    const acknowledged = fallback.route.node.metadata.filter(
      (entry) => entry.type === 'aws:cdk:acknowledged-rules',
    );
    expect(acknowledged.flatMap((entry) => Object.keys(entry.data as Record<string, string>))).toEqual([
      'AwsSolutions::AwsSolutions-APIG4',
    ]);
  });

  it('adds the function <id> and the route <id>Route to the scope it is given', () => {
    const { stack, fallback } = build();
    expect(stack.node.tryFindChild('Fallback')).toBe(fallback.fn);
    expect(stack.node.tryFindChild('FallbackRoute')).toBe(fallback.route);
  });
});

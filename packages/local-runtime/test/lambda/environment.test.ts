/** A function's environment and handler location, as the runner computes them. */
import { join } from 'node:path';
import { functionEnvironment, logStreamName } from '../../src/lambda/environment';
import { locateHandler } from '../../src/lambda/handler';
import type { LocalFunction } from '../../src/model';

const FN: LocalFunction = {
  id: 'app/Fn',
  stack: 'app',
  logicalId: 'Fn',
  codeDir: '/assets/asset.abc',
  handler: 'index.handler',
  environment: {
    TABLE_NAME: 'users',
    AWS_REGION: 'mine',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false',
  },
  timeoutSeconds: 10,
  memoryMb: 256,
  runtime: 'nodejs24.x',
};

describe('functionEnvironment', () => {
  it('layers the function environment, Lambda-defined variables, then the extra environment', () => {
    const env = functionEnvironment(FN, {
      functionName: 'app-Fn',
      region: 'eu-west-1',
      runtimeModulePaths: ['/project/node_modules'],
      logStreamName: '2026/11/22/[$LATEST]abc',
      extraEnvironment: {
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
        AWS_LAMBDA_FUNCTION_NAME: 'forced',
      },
      path: '/usr/bin',
    });
    expect(env).toEqual({
      TABLE_NAME: 'users',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: 'forced',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/app-Fn',
      AWS_LAMBDA_LOG_STREAM_NAME: '2026/11/22/[$LATEST]abc',
      LAMBDA_TASK_ROOT: '/assets/asset.abc',
      NODE_PATH: ['/project/node_modules', '/assets/asset.abc'].join(
        process.platform === 'win32' ? ';' : ':',
      ),
      _HANDLER: 'index.handler',
      PATH: '/usr/bin',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
    });
  });

  it("adds nothing of its own: no variable quiets the AWS SDK's Node.js version warning", () => {
    const env = functionEnvironment(
      { ...FN, environment: { TABLE_NAME: 'users' } },
      {
        functionName: 'app-Fn',
        region: 'eu-west-1',
        runtimeModulePaths: [],
        logStreamName: 'stream',
        extraEnvironment: {},
      },
    );
    expect(Object.keys(env).filter((name) => name.startsWith('AWS_SDK_'))).toEqual([]);
    expect(env.TABLE_NAME).toBe('users');
    expect(env.PATH).toBeUndefined();
  });

  it('names log streams as Lambda does', () => {
    expect(logStreamName(new Date('2026-11-22T10:00:00Z'))).toMatch(
      /^2026\/11\/22\/\[\$LATEST\][0-9a-f]{32}$/,
    );
  });
});

describe('locateHandler', () => {
  it.each<[string, string, string]>([
    ['index.handler', 'index', 'handler'],
    ['app.handlers.get', 'app', 'handlers.get'],
    ['src/users/get.main', 'src/users/get', 'main'],
    ['dist/v1.2/app.handler', 'dist/v1.2/app', 'handler'],
  ])('%s', (handler, module, exportPath) => {
    expect(locateHandler('/code', handler)).toEqual({ modulePath: join('/code', module), exportPath });
  });

  it.each(['index', 'index.', '.handler', 'src/.handler'])('refuses %s', (handler) => {
    expect(() => locateHandler('/code', handler)).toThrow(`handler ${handler} is not <module>.<export>`);
  });
});

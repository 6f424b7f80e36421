/** Per-function credentials under `dev up --iam`, and who signs with which access key id. */
import { functionAccessKeyId, LOCAL_CREDENTIALS, LocalKeyring } from '../src/credentials';
import type { LocalFunction } from '../src/model';

const fn = (id: string, extra: Partial<LocalFunction> = {}): LocalFunction => ({
  id,
  stack: 'app',
  logicalId: id.split('/')[1] ?? id,
  codeDir: '/nowhere',
  handler: 'index.handler',
  environment: { TABLE_NAME: 't' },
  timeoutSeconds: 3,
  memoryMb: 128,
  runtime: 'nodejs24.x',
  ...extra,
});
const ROLE = {
  id: 'app/FwdRole',
  name: 'app-FwdRole',
  arn: 'arn:aws:iam::1:role/app-FwdRole',
  putEventsStatements: [],
};
const functions = new Map([
  ['app/Fwd', fn('app/Fwd', { functionName: 'app-Fwd', role: ROLE })],
  ['app/Get', fn('app/Get')],
]);

describe('LocalKeyring', () => {
  it('gives each function an access key id derived from its id, shaped like a role session’s', () => {
    expect(functionAccessKeyId('app/Fwd')).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(functionAccessKeyId('app/Fwd')).toBe(functionAccessKeyId('app/Fwd'));
    expect(functionAccessKeyId('app/Fwd')).not.toBe(functionAccessKeyId('app/Get'));
    const keyring = new LocalKeyring({ functions, account: '1' });
    expect(keyring.ofFunction('app/Fwd')?.accessKeyId).toBe(functionAccessKeyId('app/Fwd'));
    expect(keyring.ofFunction('app/Nope')).toBeUndefined();
  });

  it('makes secrets for this run only: another keyring cannot sign as the function', () => {
    const one = new LocalKeyring({ functions, account: '1' });
    const two = new LocalKeyring({ functions, account: '1' });
    expect(one.ofFunction('app/Fwd')?.secretAccessKey).not.toBe(two.ofFunction('app/Fwd')?.secretAccessKey);
    expect(one.ofFunction('app/Fwd')?.secretAccessKey).not.toBe(one.ofFunction('app/Get')?.secretAccessKey);
  });

  it('says who signs with an access key id: the developer, a function with its role, or nobody', () => {
    const keyring = new LocalKeyring({ functions, account: '1' });
    expect(keyring.principal(LOCAL_CREDENTIALS.accessKeyId)).toEqual({
      kind: 'developer',
      credentials: LOCAL_CREDENTIALS,
      arn: 'arn:aws:iam::1:user/local',
    });
    const key = functionAccessKeyId('app/Fwd');
    expect(keyring.principal(key)).toEqual({
      kind: 'function',
      credentials: keyring.ofFunction('app/Fwd'),
      arn: 'arn:aws:sts::1:assumed-role/app-FwdRole/app-Fwd',
      functionId: 'app/Fwd',
      role: ROLE,
    });
    expect(keyring.credentials(key)).toEqual(keyring.ofFunction('app/Fwd'));
    expect(keyring.principal('AKIAUNKNOWN')).toBeUndefined();
    expect(keyring.credentials('AKIAUNKNOWN')).toBeUndefined();
  });

  it('puts each function’s credentials in its environment, as Lambda does with its role’s', () => {
    const keyring = new LocalKeyring({ functions, account: '1' });
    const withKeys = keyring.functionsWithCredentials(functions);
    expect(withKeys.get('app/Get')?.environment).toEqual({
      TABLE_NAME: 't',
      AWS_ACCESS_KEY_ID: keyring.ofFunction('app/Get')?.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keyring.ofFunction('app/Get')?.secretAccessKey,
    });
    // The input is left as it was.
    expect(functions.get('app/Get')?.environment).toEqual({ TABLE_NAME: 't' });
  });
});

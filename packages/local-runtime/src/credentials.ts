/**
 * Who signed a request, for `dev up --iam`: the developer's credentials ({@link LOCAL_CREDENTIALS}:
 * what the generated clients, curl scripts and tests sign with), which may do anything, or one
 * function's, which may do what its execution role allows.
 *
 * On AWS a function signs with its role's temporary credentials; locally each function gets keys of
 * its own in its environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, as Lambda sets them): an
 * access key id derived from its id (stable, so logs can be read across restarts) and a secret made
 * for this run, so a signature names the function that made it.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { LocalCredentials } from './http-api/sigv4';
import type { LocalFunction, LocalRole } from './model';

/**
 * The credentials every local client signs with unless it is a function under `--iam`. Not frozen:
 * the AWS SDK marks the credentials objects it is given.
 */
export const LOCAL_CREDENTIALS: LocalCredentials = {
  accessKeyId: 'LOCALACCESSKEY',
  secretAccessKey: 'local-secret-access-key',
};

export type LocalPrincipal =
  | {
      readonly kind: 'developer';
      readonly credentials: LocalCredentials;
      /** `arn:aws:iam::<account>:user/local`. */
      readonly arn: string;
    }
  | {
      readonly kind: 'function';
      readonly credentials: LocalCredentials;
      /** `arn:aws:sts::<account>:assumed-role/<role>/<function name>`, as IAM names a function's session. */
      readonly arn: string;
      readonly functionId: string;
      /** Its execution role; absent when the role is not a resource of the app (it may then do nothing). */
      readonly role?: LocalRole;
    };

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `ASIA` + 16 characters of the id's hash: the shape of a role session's access key id. */
export function functionAccessKeyId(functionId: string): string {
  const hash = createHash('sha256').update(functionId).digest();
  let key = 'ASIA';
  for (let i = 0; key.length < 20; i++) key += BASE32[(hash[i] ?? 0) % 32];
  return key;
}

export class LocalKeyring {
  readonly #byKey = new Map<string, LocalPrincipal>();
  readonly #byFunction = new Map<string, LocalCredentials>();

  constructor(options: {
    readonly functions: ReadonlyMap<string, LocalFunction>;
    readonly account: string;
    readonly developer?: LocalCredentials;
    /** Secrets are derived from it; default: random, for this run only. */
    readonly secret?: Buffer;
  }) {
    const developer = options.developer ?? LOCAL_CREDENTIALS;
    this.#byKey.set(developer.accessKeyId, {
      kind: 'developer',
      credentials: developer,
      arn: `arn:aws:iam::${options.account}:user/local`,
    });
    const secret = options.secret ?? randomBytes(32);
    for (const fn of options.functions.values()) {
      const credentials: LocalCredentials = {
        accessKeyId: functionAccessKeyId(fn.id),
        secretAccessKey: createHmac('sha256', secret).update(fn.id).digest('base64').slice(0, 40),
      };
      const session = fn.functionName ?? fn.id.replace('/', '-');
      this.#byFunction.set(fn.id, credentials);
      this.#byKey.set(credentials.accessKeyId, {
        kind: 'function',
        credentials,
        arn: `arn:aws:sts::${options.account}:assumed-role/${fn.role?.name ?? 'unknown-role'}/${session}`,
        functionId: fn.id,
        ...(fn.role ? { role: fn.role } : {}),
      });
    }
  }

  /** Who signs with this access key id, if anyone. */
  principal(accessKeyId: string): LocalPrincipal | undefined {
    return this.#byKey.get(accessKeyId);
  }

  /** The secret for an access key id (what a signature is checked with). */
  credentials(accessKeyId: string): LocalCredentials | undefined {
    return this.#byKey.get(accessKeyId)?.credentials;
  }

  /** A function's own credentials. */
  ofFunction(functionId: string): LocalCredentials | undefined {
    const credentials = this.#byFunction.get(functionId);
    // A copy: an SDK client given it marks it.
    return credentials === undefined ? undefined : { ...credentials };
  }

  /** The functions with their credentials in their environment, as Lambda puts a role's there. */
  functionsWithCredentials(functions: ReadonlyMap<string, LocalFunction>): Map<string, LocalFunction> {
    const out = new Map<string, LocalFunction>();
    for (const [id, fn] of functions) {
      const credentials = this.#byFunction.get(id);
      out.set(
        id,
        credentials === undefined
          ? fn
          : {
              ...fn,
              environment: {
                ...fn.environment,
                AWS_ACCESS_KEY_ID: credentials.accessKeyId,
                AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
              },
            },
      );
    }
    return out;
  }
}

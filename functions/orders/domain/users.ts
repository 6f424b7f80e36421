/**
 * What orders ask the users service: does this user exist, and may it order? Asked through the
 * generated, SigV4-signing users client (`GET /users/:id`; a 404 is "no such user").
 */
import { isUserId } from '../../users/generated/models';
import type { UserDirectory } from './ports';

/**
 * The users service could not answer: it failed (5xx), refused us (a 4xx other than 404, e.g. 403
 * when this function's IAM grant is wrong), answered outside its contract, or could not be reached.
 * None of that is the client's fault, and no 4xx fits; it is not an {@link HttpError}, so the HTTP
 * adapter logs it (with its cause) and answers with the fixed 500 body.
 */
export class DependencyError extends Error {
  override readonly name = 'DependencyError';

  constructor(
    /** The service that failed, e.g. `users`. */
    readonly dependency: string,
    /** The operation that was called, e.g. `getUser`. */
    readonly operation: string,
    cause: unknown,
  ) {
    super(`${dependency} ${operation} failed`, { cause });
  }
}

/** What orders need to know of a user: whether it exists, and whether it may place orders. */
export type UserStanding = 'unknown' | 'inactive' | 'active';

/**
 * The user's standing. A value that is not a user id (`usr-<ULID>`) names no user and is not sent
 * at all (it could not be one, and a value such as `..` would not even make a valid path). An
 * `inactive` user is "no longer allowed to order" (api-specs/users.json); `pending` users may.
 * Throws {@link DependencyError} when the users service cannot tell.
 */
export async function userStanding(users: UserDirectory, userId: string): Promise<UserStanding> {
  if (!isUserId(userId)) return 'unknown';
  let user: Awaited<ReturnType<UserDirectory['getUser']>>;
  try {
    user = await users.getUser(userId);
  } catch (error) {
    throw new DependencyError('users', 'getUser', error);
  }
  if (user === undefined) return 'unknown';
  return user.status === 'inactive' ? 'inactive' : 'active';
}

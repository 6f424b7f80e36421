/** GET /users/:id — one Lambda. */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { getUser } from '../domain/users';
import { type GetUserRequest, getUserOperation } from '../generated/operations';
import { defaultDeps, type UsersDeps } from '../service';

/** The operation's implementation (also what a router of the service's operations takes). */
export function getUserImplementation(deps: Pick<UsersDeps, 'repository'>) {
  return async (request: GetUserRequest): Promise<OperationResult> => ({
    status: 200,
    body: await getUser(deps, request.path.id),
  });
}

export function makeGetUserHandler(deps: UsersDeps): HttpLambdaHandler {
  return httpHandler(getUserOperation, getUserImplementation(deps), { logger: deps.logger });
}

export const handler = makeGetUserHandler(defaultDeps());

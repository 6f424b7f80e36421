/** DELETE /users/:id — one Lambda. 204, or 404 when there is no such user. */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { deleteUser } from '../domain/users';
import { type DeleteUserRequest, deleteUserOperation } from '../generated/operations';
import { defaultDeps, type UsersDeps } from '../service';

export function deleteUserImplementation(deps: Pick<UsersDeps, 'repository'>) {
  return async (request: DeleteUserRequest): Promise<OperationResult> => {
    await deleteUser(deps, request.path.id);
    return { status: 204 };
  };
}

export function makeDeleteUserHandler(deps: UsersDeps): HttpLambdaHandler {
  return httpHandler(deleteUserOperation, deleteUserImplementation(deps), { logger: deps.logger });
}

export const handler = makeDeleteUserHandler(defaultDeps());

/**
 * Every operation of the users service with its implementation, for `httpRouter(OPERATIONS, ...)`:
 * the local runtime's single-process mode and tests. Deployed, each operation is its own Lambda
 * (handlers/<operation>.ts); both run the same implementations.
 */
import type { Implementation } from '../runtime/http';
import type { OperationId } from './generated/operations';
import { createUserImplementation } from './handlers/create-user';
import { deleteUserImplementation } from './handlers/delete-user';
import { getUserImplementation } from './handlers/get-user';
import { listUsersImplementation } from './handlers/list-users';
import { replaceUserImplementation } from './handlers/replace-user';
import type { UsersDeps } from './service';

export function usersImplementations(
  deps: Pick<UsersDeps, 'repository'>,
): Readonly<Record<OperationId, Implementation>> {
  return {
    getUser: getUserImplementation(deps),
    listUsers: listUsersImplementation(deps),
    createUser: createUserImplementation(deps),
    replaceUser: replaceUserImplementation(deps),
    deleteUser: deleteUserImplementation(deps),
  };
}

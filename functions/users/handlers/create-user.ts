/** POST /users — one Lambda. 201 with the stored user and its `location`. */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { createUser } from '../domain/users';
import { type CreateUserRequest, createUserOperation } from '../generated/operations';
import { defaultDeps, type UsersDeps } from '../service';

export function createUserImplementation(deps: Pick<UsersDeps, 'repository'>) {
  return async (request: CreateUserRequest): Promise<OperationResult> => {
    const user = await createUser(deps, request.body);
    return { status: 201, body: user, headers: { location: `/users/${encodeURIComponent(user.id)}` } };
  };
}

export function makeCreateUserHandler(deps: UsersDeps): HttpLambdaHandler {
  return httpHandler(createUserOperation, createUserImplementation(deps), { logger: deps.logger });
}

export const handler = makeCreateUserHandler(defaultDeps());

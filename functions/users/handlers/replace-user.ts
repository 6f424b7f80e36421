/** PUT /users/:id — one Lambda. 200 with the stored user (unchanged when the content is the same). */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { replaceUser } from '../domain/users';
import { type ReplaceUserRequest, replaceUserOperation } from '../generated/operations';
import { defaultDeps, type UsersDeps } from '../service';

export function replaceUserImplementation(deps: Pick<UsersDeps, 'repository'>) {
  return async (request: ReplaceUserRequest): Promise<OperationResult> => ({
    status: 200,
    body: await replaceUser(deps, request.path.id, request.body),
  });
}

export function makeReplaceUserHandler(deps: UsersDeps): HttpLambdaHandler {
  return httpHandler(replaceUserOperation, replaceUserImplementation(deps), { logger: deps.logger });
}

export const handler = makeReplaceUserHandler(defaultDeps());

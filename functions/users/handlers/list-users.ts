/** GET /users — one Lambda. The body is the page; the next page's cursor is the `x-next-cursor` header. */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { pageHeaders } from '../../runtime/pagination';
import { listUsers } from '../domain/users';
import { type ListUsersRequest, listUsersOperation } from '../generated/operations';
import { defaultDeps, type UsersDeps } from '../service';

export function listUsersImplementation(deps: Pick<UsersDeps, 'repository'>) {
  return async (request: ListUsersRequest): Promise<OperationResult> => {
    const page = await listUsers(deps, request.query);
    return { status: 200, body: page.items, headers: pageHeaders(page.cursor) };
  };
}

export function makeListUsersHandler(deps: UsersDeps): HttpLambdaHandler {
  return httpHandler(listUsersOperation, listUsersImplementation(deps), { logger: deps.logger });
}

export const handler = makeListUsersHandler(defaultDeps());

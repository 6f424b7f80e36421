/**
 * The users service's rules, over its repository. Handlers call these; they know nothing of HTTP
 * but the errors they throw (HttpErrors, which the adapter answers as they are):
 *
 * - a user's email is unique: a clash is the repository's UniqueConstraintError (409);
 * - a missing user is 404 (`notFound('user')` or the repository's ItemNotFoundError);
 * - a replace whose content equals the stored one writes nothing and returns the stored user (the
 *   repository compares hash codes), so it publishes no event;
 * - a replace is a full replace: a field left out takes its default (`status` → `active`) or is
 *   removed (`email`);
 * - lists are newest first, a page at a time; a cursor that is not from this listing is 422.
 */
import { notFound } from '../../runtime/errors';
import { InvalidCursorError, type Page } from '../../runtime/repository';
import { isWellFormed } from '../../runtime/unicode-text';
import { isUserId, USER_EMAIL_MAX_LENGTH, type User, type UserForm } from '../generated/models';
import { type UserFields, type UserRepository, userFieldsSchema } from '../generated/repository';

export interface UsersDomainDeps {
  readonly repository: UserRepository;
}

export interface ListUsersInput {
  /** Only the user with this email (unique, so the page holds one user or none). */
  readonly email?: string | undefined;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/** The user with this id; 404 when there is none. A string that is not a user id is no user. */
export async function getUser(deps: UsersDomainDeps, id: string): Promise<User> {
  const user = isUserId(id) ? await deps.repository.get(id) : undefined;
  if (user === undefined) throw notFound('user');
  return user;
}

/**
 * A page of users, newest first. With `email`: the user who has it, through the unique index
 * (strongly consistent), as a one-page listing; a cursor then is 422, as no page of it has one.
 */
export async function listUsers(deps: UsersDomainDeps, input: ListUsersInput = {}): Promise<Page<User>> {
  const { email, limit, cursor } = input;
  if (email === undefined) {
    return deps.repository.list({
      ...(limit === undefined ? {} : { limit }),
      ...(cursor === undefined ? {} : { cursor }),
    });
  }
  if (cursor !== undefined) throw new InvalidCursorError();
  // Values no stored email can have are not looked up (DynamoDB would refuse some of them as keys).
  if (email === '' || email.length > USER_EMAIL_MAX_LENGTH || !isWellFormed(email)) return { items: [] };
  const user = await deps.repository.findByEmail(email);
  return { items: user === undefined ? [] : [user] };
}

/** Stores a new user (status defaults to active). 409 when another user has the email. */
export async function createUser(deps: UsersDomainDeps, form: UserForm): Promise<User> {
  return deps.repository.create(fieldsOf(form));
}

/**
 * Replaces the user's fields. 404 when there is no such user, 409 on a concurrent change or when
 * another user has the email. Unchanged content writes nothing and returns the stored user.
 */
export async function replaceUser(deps: UsersDomainDeps, id: string, form: UserForm): Promise<User> {
  const fields = fieldsOf(form);
  if (!isUserId(id)) throw notFound('user');
  return deps.repository.replace(id, fields);
}

/** Deletes the user (and frees its email). 404 when there is no such user. */
export async function deleteUser(deps: UsersDomainDeps, id: string): Promise<User> {
  const deleted = isUserId(id) ? await deps.repository.delete(id) : undefined;
  if (deleted === undefined) throw notFound('user');
  return deleted;
}

/**
 * What is stored for a form: defaults applied, unknown fields dropped. (Text that cannot be stored,
 * a lone surrogate, never gets here: the HTTP adapter refuses it with a 422 for every service.)
 */
function fieldsOf(form: UserForm): UserFields {
  return userFieldsSchema.parse(form);
}

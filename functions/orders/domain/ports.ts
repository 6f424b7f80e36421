/**
 * What the orders domain needs from the outside, as narrow interfaces: the generated
 * {@link OrderRepository} and {@link UsersClient} fit them, and tests pass fakes.
 */
import type { UsersClient } from '../../users/generated/client';
import type { OrderRepository } from '../generated/repository';

/** The order items of the service's table. */
export type OrderStore = Pick<
  OrderRepository,
  'get' | 'list' | 'findAllByUserId' | 'create' | 'replace' | 'delete'
>;

/** The users service, as far as orders ask it anything: does this user exist? */
export type UserDirectory = Pick<UsersClient, 'getUser'>;

/** Logging the domain does (a Powertools Logger fits); nothing personal is passed to it. */
export interface DomainLogger {
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
}

export interface OrdersDeps {
  readonly orders: OrderStore;
  readonly users: UserDirectory;
}

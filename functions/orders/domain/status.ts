/**
 * An order's lifecycle: where it starts and where each status may move, in one table. Domain code,
 * because the spec's enum says which statuses exist but not how an order moves between them.
 *
 *   pending ──► confirmed ──► shipped ──► delivered
 *      │            │
 *      └────────────┴──► cancelled
 *
 * `delivered` and `cancelled` are final. Staying at the same status is no move, and is always
 * allowed (a replace may change other fields). Everything that moves an order (a replace, the
 * cancelling of a deleted user's open orders) asks this module, and nothing moves one back: a
 * cancelled order is never pending again.
 */
import type { OrderStatus } from '../generated/models';

/** The status every order is created with. */
export const INITIAL_STATUS = 'pending' satisfies OrderStatus;

/** Where each status may move (the same status aside). */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

/** Whether an order at `from` may be at `to` after a change: the same status, or a declared transition. */
export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** Whether nothing can move an order out of `status`. */
export function isFinal(status: OrderStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/**
 * The 422 message when an order at `from` may not move to the status asked for. It names the
 * stored status and the allowed ones, never the value the client sent.
 */
export function transitionProblem(from: OrderStatus): string {
  const next = TRANSITIONS[from];
  if (next.length === 0) return `body.status: a ${from} order is final: its status cannot change`;
  return `body.status: a ${from} order can only stay ${from} or become ${next.join(' or ')}`;
}

/** The 422 message when a new order is given a status other than {@link INITIAL_STATUS}. */
export const NEW_ORDER_STATUS = `body.status: a new order must be ${INITIAL_STATUS}`;

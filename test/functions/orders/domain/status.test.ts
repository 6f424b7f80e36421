/**
 * orders (a reference service): the lifecycle table (domain/status.ts) and what derives from it:
 * the open statuses the user.deleted subscriber cancels.
 */
import { isOpen, OPEN_STATUSES } from '../../../../functions/orders/domain/cancel-open-orders';
import {
  canMove,
  INITIAL_STATUS,
  isFinal,
  TRANSITIONS,
  transitionProblem,
} from '../../../../functions/orders/domain/status';
import { ORDER_STATUS_VALUES } from '../../../../functions/orders/generated/models';

describe('orders (reference service): the order lifecycle', () => {
  it('starts pending and declares a move list for every status of the spec’s enum', () => {
    expect(INITIAL_STATUS).toBe('pending');
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ORDER_STATUS_VALUES].sort());
  });

  it('allows exactly the declared moves, staying put, and nothing back', () => {
    const allowed = ORDER_STATUS_VALUES.flatMap((from) =>
      ORDER_STATUS_VALUES.filter((to) => to !== from && canMove(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual([
      'pending→confirmed',
      'pending→cancelled',
      'confirmed→shipped',
      'confirmed→cancelled',
      'shipped→delivered',
    ]);
    for (const status of ORDER_STATUS_VALUES) expect(canMove(status, status)).toBe(true);
    for (const status of ORDER_STATUS_VALUES) {
      if (status !== INITIAL_STATUS) expect(canMove(status, INITIAL_STATUS)).toBe(false);
    }
  });

  it('makes delivered and cancelled final, and only those', () => {
    expect(ORDER_STATUS_VALUES.filter(isFinal)).toEqual(['delivered', 'cancelled']);
  });

  it('the subscriber cancels exactly the orders that may move to cancelled', () => {
    expect([...OPEN_STATUSES]).toEqual(['pending', 'confirmed']);
    expect(ORDER_STATUS_VALUES.filter((status) => isOpen({ status }))).toEqual(['pending', 'confirmed']);
  });

  it.each([
    ['pending', 'body.status: a pending order can only stay pending or become confirmed or cancelled'],
    ['confirmed', 'body.status: a confirmed order can only stay confirmed or become shipped or cancelled'],
    ['shipped', 'body.status: a shipped order can only stay shipped or become delivered'],
    ['delivered', 'body.status: a delivered order is final: its status cannot change'],
    ['cancelled', 'body.status: a cancelled order is final: its status cannot change'],
  ] as const)('a refused move from %s says what is allowed', (from, message) => {
    expect(transitionProblem(from)).toBe(message);
  });
});

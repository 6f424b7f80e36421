import { type Coupling, couplings, cycleText } from '../../../lib/contract/graph/coupling';
import { type CallSite, callSites } from '../../../lib/contract/graph/service-graph';
import { call, op, permutations, spec, stored, subscribe } from './fixtures';

/**
 * `a>b` is a call from a to b's GET /b/:id made by a's operation `POST /a`; `a>b@GET /a` makes it
 * from a's operation `GET /a` instead, so one pair of services can have several calling places.
 */
function site(text: string): CallSite {
  const [pair = '', by = 'POST /a'] = text.split('@');
  const [from = '', to = ''] = pair.split('>');
  const label = by.replace('/a', `/${from}`);
  return {
    from,
    to,
    method: 'GET',
    path: `/${to}/:id`,
    by: `${from}.operations.${label}`,
    byLabel: label,
    jsonPath: ['resources', from, 'operations', 0, 'calls', 0],
  };
}

/** `c>a: a → b → c → a (a>b, b>c, c>a)`: the closing call, the cycle and its steps. */
function couplingLine({ closing, cycle, steps }: Coupling): string {
  const name = (s: CallSite) => `${s.from}>${s.to}${s.byLabel === `POST /${s.from}` ? '' : `@${s.byLabel}`}`;
  return `${name(closing)}: ${cycleText(cycle)} (${steps.map(name).join(', ')})`;
}

describe('couplings', () => {
  it.each<{ given: string; calls: string[]; want: string[] }>([
    { given: 'no calls', calls: [], want: [] },
    { given: 'calls one way only', calls: ['a>b', 'b>c', 'a>c'], want: [] },
    { given: 'a service calling itself', calls: ['a>a'], want: [] },
    { given: 'two services calling each other', calls: ['b>a', 'a>b'], want: ['b>a: a → b → a (a>b, b>a)'] },
    {
      given: 'a cycle through three services, named from its least service whatever order it runs in',
      calls: ['c>b', 'b>a', 'a>c'],
      want: ['b>a: a → c → b → a (a>c, c>b, b>a)'],
    },
    {
      given: 'a cycle that does not pass through the least service',
      calls: ['a>b', 'b>c', 'c>b'],
      want: ['c>b: b → c → b (b>c, c>b)'],
    },
    {
      given: 'two cycles through one service: each closing call once',
      calls: ['a>b', 'b>a', 'a>c', 'c>a'],
      want: ['b>a: a → b → a (a>b, b>a)', 'c>a: a → c → a (a>c, c>a)'],
    },
    {
      given: 'a closing call in several cycles: the shortest one',
      calls: ['a>b', 'b>c', 'c>a', 'a>c'],
      want: ['c>a: a → c → a (a>c, c>a)'],
    },
    {
      given: 'two places making the closing call: a finding for each; the steps name the first place',
      calls: ['a>b@PUT /a', 'a>b', 'b>a@GET /a', 'b>a'],
      want: ['b>a@GET /b: a → b → a (a>b, b>a@GET /b)', 'b>a: a → b → a (a>b, b>a)'],
    },
    {
      given: 'a self-call inside a cycle changes nothing',
      calls: ['a>a', 'a>b', 'b>b', 'b>a'],
      want: ['b>a: a → b → a (a>b, b>a)'],
    },
  ])('$given', ({ calls, want }) => {
    expect(couplings(calls.map(site)).map(couplingLine)).toEqual(want);
  });

  it('finds the same couplings whatever order the calls come in', () => {
    const calls = ['a>b', 'b>c', 'c>a', 'c>b@GET /a', 'b>a'].map(site);
    const want = JSON.stringify(couplings(calls));
    expect(JSON.parse(want)).toHaveLength(3);
    for (const order of permutations(calls)) expect(JSON.stringify(couplings(order))).toBe(want);
  });

  it('finds a cycle closed by a subscriber that calls back, at the subscription', () => {
    // orders calls users; users subscribes to orders and its subscriber reads the order (the default read).
    const specs = [
      spec('orders', { order: stored('/orders', [op('POST', '', [call('users', '/users/:id')])]) }),
      spec('users', { user: stored('/users') }, [subscribe('orders', 'order', ['upserted'])]),
    ];
    const found = couplings(callSites(specs));
    expect(found.map((c) => [cycleText(c.cycle), c.closing.by, c.closing.jsonPath])).toEqual([
      ['orders → users → orders', 'users.subscriptions.orders.order', ['subscriptions', 0]],
    ]);
    expect(found[0]?.steps.map((s) => s.by)).toEqual([
      'orders.operations.POST /orders',
      'users.subscriptions.orders.order',
    ]);
  });

  it('sees no cycle through events alone: a subscriber that calls nothing does not couple', () => {
    const specs = [
      spec('orders', { order: stored('/orders', [op('POST', '', [call('users', '/users/:id')])]) }),
      spec('users', { user: stored('/users') }, [subscribe('orders', 'order', ['upserted'], [])]),
    ];
    expect(couplings(callSites(specs))).toEqual([]);
  });

  it('stays fast on a long ring of services', () => {
    const n = 400;
    const name = (i: number) => `s${String(i).padStart(3, '0')}`;
    const ring = Array.from({ length: n }, (_, i) => site(`${name(i)}>${name((i + 1) % n)}`));
    const started = performance.now();
    const found = couplings(ring);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(found.map((c) => [c.cycle.length, c.closing.from, c.closing.to])).toEqual([
      [n + 1, name(n - 1), name(0)],
    ]);
  });
});

describe('cycleText', () => {
  it('joins the services with arrows', () => {
    expect(cycleText(['orders', 'users', 'orders'])).toBe('orders → users → orders');
  });
});

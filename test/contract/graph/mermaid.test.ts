import { fanText, formatGraphMermaid, mermaidIds, mermaidLabel } from '../../../lib/contract/graph/mermaid';
import { buildServiceGraph, type GraphNode } from '../../../lib/contract/graph/service-graph';
import {
  HOSTILE_RESOURCE,
  HOSTILE_SERVICE,
  hostileSystem,
  outputsForEveryOrder,
  referenceSpecs,
  smallSystem,
} from './fixtures';

const HEADER = [
  'flowchart LR',
  '  %% dev graph: services (fan-in: services that depend on it; fan-out: services it depends on),',
  '  %% the events they publish, who subscribes (dotted) and who calls which routes (thick).',
];
const CLASS_DEFS = [
  '  classDef service fill:#e8f0fe,stroke:#3b6fd8,color:#111',
  '  classDef event fill:#fff4e0,stroke:#d08a1e,color:#111',
];

/** What Mermaid shows for a label: entity codes decoded, `<br/>` a line break. */
function shown(label: string): string {
  const codes: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&', '35': '#' };
  return label.replaceAll('<br/>', '\n').replace(/#(\w+);/g, (whole, code: string) => codes[code] ?? whole);
}

/**
 * Reads the flowchart back with the few statement forms it uses, refusing any other line: a
 * label holding a raw `"` (it would end the label) or a `<` other than `<br/>` does not match.
 */
function read(text: string) {
  const label = '((?:[^"<]|<br/>)*)';
  const forms = {
    service: new RegExp(`^  (\\w+)\\["${label}"\\]$`),
    event: new RegExp(`^  (\\w+)\\(\\["${label}"\\]\\)$`),
    publishes: /^ {2}(\w+) --> (\w+)$/,
    subscribes: /^ {2}(\w+) -\.->\|subscribes\| (\w+)$/,
    calls: new RegExp(`^  (\\w+) ==>\\|"${label}"\\| (\\w+)$`),
    classes: /^ {2}class ([\w,]+) (service|event)$/,
  };
  const lines = text.split('\n');
  expect(lines.slice(0, HEADER.length)).toEqual(HEADER);
  const body = lines.slice(HEADER.length).filter((line) => !CLASS_DEFS.includes(line));
  expect(lines.filter((line) => CLASS_DEFS.includes(line))).toEqual(CLASS_DEFS);
  const out: Array<[kind: string, ...parts: string[]]> = [];
  for (const line of body) {
    const found = Object.entries(forms).find(([, form]) => form.test(line));
    if (!found) throw new Error(`not a statement this flowchart uses: ${line}`);
    const [kind, form] = found;
    const parts = (form.exec(line) ?? []).slice(1).map((part) => part ?? '');
    out.push([
      kind,
      ...(kind === 'classes' ? parts : parts.map((p, i) => (i === 1 || kind === 'calls' ? shown(p) : p))),
    ]);
  }
  return out;
}

describe('mermaidLabel', () => {
  it.each<[given: string, want: string]>([
    ['users', 'users'],
    ['say "hi"', 'say #quot;hi#quot;'],
    ['<b>', '#lt;b#gt;'],
    ['R&D', 'R#amp;D'],
    ['#1', '#35;1'],
    ['&quot; # &', '#amp;quot; #35; #amp;'],
  ])('encodes %j', (given, want) => {
    expect(mermaidLabel(given)).toBe(want);
    expect(shown(mermaidLabel(given))).toBe(given);
  });
});

describe('mermaidIds', () => {
  const service = (name: string): GraphNode => ({
    kind: 'service',
    id: `service:${name}`,
    service: name,
    dependents: [],
    dependsOn: [],
    fanIn: 0,
    fanOut: 0,
  });
  const event = (name: string, type: string): GraphNode => ({
    kind: 'event',
    id: `event:${name}:${type}`,
    service: name,
    resource: type.split('.')[0] ?? '',
    event: 'upserted',
    detailType: type,
    source: `tributary.${name}`,
  });

  it.each<{ given: string; nodes: GraphNode[]; want: string[] }>([
    {
      given: 'plain names',
      nodes: [service('users'), event('users', 'user.upserted')],
      want: ['svc_users', 'evt_users_user_upserted'],
    },
    { given: 'characters Mermaid ids refuse', nodes: [service('a-b.c"d')], want: ['svc_a_b_c_d'] },
    {
      given: 'names that clash once cleaned: numbered in graph order',
      nodes: [service('a-b'), service('a_b'), service('a.b'), service('a_b_2')],
      want: ['svc_a_b', 'svc_a_b_2', 'svc_a_b_3', 'svc_a_b_2_2'],
    },
  ])('$given', ({ nodes, want }) => {
    const ids = mermaidIds(nodes);
    expect(nodes.map((n) => ids.get(n.id))).toEqual(want);
    expect(new Set(ids.values()).size).toBe(nodes.length);
  });
});

describe('formatGraphMermaid', () => {
  it('draws services as boxes, events as stadiums, publishing solid, subscriptions dotted, calls thick with routes', () => {
    expect(formatGraphMermaid(buildServiceGraph(smallSystem()))).toBe(
      [
        ...HEADER,
        '  svc_orders["orders<br/>fan-in 0, fan-out 1"]',
        '  svc_users["users<br/>fan-in 1, fan-out 0"]',
        '  evt_users_user_deleted(["user.deleted"])',
        '  svc_users --> evt_users_user_deleted',
        '  evt_users_user_deleted -.->|subscribes| svc_orders',
        '  svc_orders ==>|"GET /users<br/>GET /users/:id"| svc_users',
        ...CLASS_DEFS,
        '  class svc_orders,svc_users service',
        '  class evt_users_user_deleted event',
      ].join('\n'),
    );
  });

  it('draws an empty system with no node and no class statement', () => {
    expect(formatGraphMermaid(buildServiceGraph([]))).toBe([...HEADER, ...CLASS_DEFS].join('\n'));
  });

  it('escapes names: every line is a statement, ids are plain, and each label shows the name', () => {
    const statements = read(formatGraphMermaid(buildServiceGraph(hostileSystem())));
    const hostile = 'svc_a_b_c__d_e_f_g';
    expect(statements.filter(([kind]) => kind === 'service' || kind === 'event')).toEqual([
      ['service', hostile, `${HOSTILE_SERVICE}\n${fanText({ fanIn: 1, fanOut: 0 })}`],
      ['service', 'svc_plain', 'plain\nfan-in 0, fan-out 1'],
      ['event', 'evt_a_b_c__d_e_f_g_r_1__x__deleted', `${HOSTILE_RESOURCE}.deleted`],
      ['event', 'evt_a_b_c__d_e_f_g_r_1__x__upserted', `${HOSTILE_RESOURCE}.upserted`],
      ['event', 'evt_plain_item_deleted', 'item.deleted'],
      ['event', 'evt_plain_item_upserted', 'item.upserted'],
    ]);
    expect(statements.filter(([kind]) => kind === 'calls')).toEqual([
      ['calls', 'svc_plain', 'GET /r"1/<x>&y/:id', hostile],
    ]);
  });

  it('draws the reference system: every line a statement, every service a node', () => {
    const statements = read(formatGraphMermaid(buildServiceGraph(referenceSpecs())));
    expect(statements.filter(([kind]) => kind === 'service').map(([, id]) => id)).toEqual([
      'svc_notifications',
      'svc_orders',
      'svc_users',
    ]);
    expect(statements.filter(([kind]) => kind === 'calls')).toHaveLength(3);
  });

  it('prints byte-identical text whatever order the specs come in', () => {
    expect(outputsForEveryOrder(formatGraphMermaid).size).toBe(1);
  });
});

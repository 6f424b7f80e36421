import { dotString, formatGraphDot } from '../../../lib/contract/graph/dot';
import { buildServiceGraph } from '../../../lib/contract/graph/service-graph';
import {
  HOSTILE_RESOURCE,
  HOSTILE_SERVICE,
  hostileSystem,
  outputsForEveryOrder,
  referenceSpecs,
  smallSystem,
} from './fixtures';

const HEADER = [
  'digraph tributary {',
  '  // dev graph: services (fan-in: services that depend on it; fan-out: services it depends on),',
  '  // the events they publish, who subscribes (dashed) and who calls which routes (bold).',
  '  rankdir=LR;',
  '  node [fontname="Helvetica", fontsize=11];',
  '  edge [fontname="Helvetica", fontsize=9];',
];

/** A DOT quoted string (only `\"` is an escape at this level), and the statements this output uses. */
const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;
const ATTRIBUTE = `[a-z]+=(?:${QUOTED}|[a-z]+)`;
const STATEMENT = new RegExp(
  String.raw`^  (${QUOTED})(?: -> (${QUOTED}))?(?: \[(${ATTRIBUTE}(?:, ${ATTRIBUTE})*)\])?;$`,
);

/** The text a DOT quoted string stands for, as Graphviz reads a label (`\n` a line break). */
function unquote(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Every statement's node ids and label, after checking each line of the body is a statement. */
function statements(dot: string): Array<{ ids: string[]; label?: string }> {
  const lines = dot.split('\n');
  expect(lines.slice(0, HEADER.length)).toEqual(HEADER);
  expect(lines.at(-1)).toBe('}');
  return lines.slice(HEADER.length, -1).map((line) => {
    const match = STATEMENT.exec(line);
    if (!match) throw new Error(`not a DOT statement: ${line}`);
    const label = new RegExp(`label=(${QUOTED})`).exec(match[3] ?? '')?.[1];
    return {
      ids: [match[1], match[2]].flatMap((id) => (id ? [unquote(id)] : [])),
      ...(label ? { label: unquote(label) } : {}),
    };
  });
}

describe('dotString', () => {
  it.each<[given: string, want: string]>([
    ['users', '"users"'],
    ['say "hi"', String.raw`"say \"hi\""`],
    [String.raw`back\slash`, String.raw`"back\\slash"`],
    ['ends in a backslash\\', String.raw`"ends in a backslash\\"`],
    ['two\nlines', String.raw`"two\nlines"`],
    [String.raw`a literal \n`, String.raw`"a literal \\n"`],
    ['<html> & #', '"<html> & #"'],
  ])('quotes %j', (given, want) => {
    expect(dotString(given)).toBe(want);
    expect(unquote(dotString(given))).toBe(given);
  });
});

describe('formatGraphDot', () => {
  it('draws services as boxes, events as ellipses, publishing solid, subscriptions dashed, calls bold with routes', () => {
    expect(formatGraphDot(buildServiceGraph(smallSystem()))).toBe(
      [
        ...HEADER,
        '  "service:orders" [shape=box, style="rounded,filled", fillcolor="#e8f0fe", label="orders\\nfan-in 0, fan-out 1"];',
        '  "service:users" [shape=box, style="rounded,filled", fillcolor="#e8f0fe", label="users\\nfan-in 1, fan-out 0"];',
        '  "event:users:user.deleted" [shape=ellipse, style=filled, fillcolor="#fff4e0", label="user.deleted"];',
        '  "service:users" -> "event:users:user.deleted";',
        '  "event:users:user.deleted" -> "service:orders" [style=dashed, label="subscribes"];',
        '  "service:orders" -> "service:users" [style=bold, label="GET /users\\nGET /users/:id"];',
        '}',
      ].join('\n'),
    );
  });

  it('draws an empty system as an empty graph', () => {
    expect(formatGraphDot(buildServiceGraph([]))).toBe([...HEADER, '}'].join('\n'));
  });

  it('escapes names: every statement parses, and each id and label reads back as the name', () => {
    const parsed = statements(formatGraphDot(buildServiceGraph(hostileSystem())));
    const nodes = parsed.filter((s) => s.ids.length === 1);
    expect(nodes.map((s) => [s.ids[0], s.label])).toEqual([
      [`service:${HOSTILE_SERVICE}`, `${HOSTILE_SERVICE}\nfan-in 1, fan-out 0`],
      ['service:plain', 'plain\nfan-in 0, fan-out 1'],
      [`event:${HOSTILE_SERVICE}:${HOSTILE_RESOURCE}.deleted`, `${HOSTILE_RESOURCE}.deleted`],
      [`event:${HOSTILE_SERVICE}:${HOSTILE_RESOURCE}.upserted`, `${HOSTILE_RESOURCE}.upserted`],
      ['event:plain:item.deleted', 'item.deleted'],
      ['event:plain:item.upserted', 'item.upserted'],
    ]);
    const declared = new Set(nodes.map((s) => s.ids[0]));
    const edges = parsed.filter((s) => s.ids.length === 2);
    expect(edges).toHaveLength(5);
    for (const edge of edges) for (const id of edge.ids) expect(declared).toContain(id);
    expect(edges.at(-1)).toEqual({
      ids: ['service:plain', `service:${HOSTILE_SERVICE}`],
      label: 'GET /r"1/<x>&y/:id',
    });
  });

  it('draws the reference system with every service and every statement well-formed', () => {
    const parsed = statements(formatGraphDot(buildServiceGraph(referenceSpecs())));
    expect(
      parsed.filter((s) => s.ids[0]?.startsWith('service:') && s.ids.length === 1).map((s) => s.ids[0]),
    ).toEqual(['service:notifications', 'service:orders', 'service:users']);
  });

  it('prints byte-identical text whatever order the specs come in', () => {
    expect(outputsForEveryOrder(formatGraphDot).size).toBe(1);
  });
});

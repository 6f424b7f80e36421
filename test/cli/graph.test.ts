import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GRAPH_FORMATS, type GraphFormat } from '../../lib/cli/graph';
import { formatGraphDot } from '../../lib/contract/graph/dot';
import { formatGraphJson } from '../../lib/contract/graph/json';
import { formatGraphMermaid } from '../../lib/contract/graph/mermaid';
import { buildServiceGraph, type ServiceGraph } from '../../lib/contract/graph/service-graph';
import { formatGraphSvg } from '../../lib/contract/graph/svg';
import { projectSpecs, REFERENCE_SERVICES, referenceSpecs } from '../contract/graph/fixtures';
import { elements, parseXml, textOf } from '../support/xml';
import { FixtureRepo, runDev } from './helpers';

const PROJECT = join(__dirname, '..', '..');
const reference = (file: string) => JSON.parse(readFileSync(join(PROJECT, 'api-specs', file), 'utf8'));

/** What each format must print: the library's text for the same specs (the CLI adds only a newline). */
const FORMAT: Record<GraphFormat, (graph: ServiceGraph) => string> = {
  mermaid: formatGraphMermaid,
  dot: formatGraphDot,
  svg: formatGraphSvg,
  json: formatGraphJson,
};

const repos: FixtureRepo[] = [];

/** A project holding copies of the reference users and orders specs (orders calls and subscribes to users). */
function project(): FixtureRepo {
  const repo = new FixtureRepo();
  repos.push(repo);
  repo.write('api-specs/users.json', reference('users.json'));
  repo.write('api-specs/orders.json', reference('orders.json'));
  return repo;
}

afterAll(() => {
  for (const repo of repos) repo.cleanup();
});

describe('dev graph on the reference specs (api-specs/)', () => {
  const graph = buildServiceGraph(projectSpecs());

  it.each([...GRAPH_FORMATS])(
    '--format %s prints the graph of every spec of api-specs/, exit 0',
    (format) => {
      const run = runDev(PROJECT, ['graph', '--format', format]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${FORMAT[format](graph)}\n`);
    },
  );

  it('prints Mermaid by default', () => {
    const run = runDev(PROJECT, ['graph']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${formatGraphMermaid(graph)}\n`);
  });

  it.each([
    ['docs/design.md', 'The reference system, as `npx dev graph` prints it:'],
    ['README.md', 'The reference system, as `npx dev graph` prints it ('],
  ])(
    'prints the picture %s shows of the reference system (update the doc when its specs change)',
    (file, intro) => {
      const doc = readFileSync(join(PROJECT, file), 'utf8');
      const start = doc.indexOf(intro);
      expect(start).toBeGreaterThan(0);
      const fence = '```mermaid\n';
      const open = doc.indexOf(fence, start);
      expect(open).toBeGreaterThan(start);
      const block = doc.slice(open + fence.length, doc.indexOf('```', open + fence.length));
      // The reference services' graph, as `dev graph` prints it when they are the project's specs
      // (a team's own services beside them are not in the picture).
      expect(block).toBe(`${formatGraphMermaid(buildServiceGraph(referenceSpecs()))}\n`);
    },
  );

  it('prints an SVG that is well-formed XML and names every service', () => {
    const run = runDev(PROJECT, ['graph', '--format', 'svg']);
    const texts = elements(parseXml(run.stdout))
      .filter((e) => e.name === 'text')
      .map(textOf);
    expect(texts).toEqual(expect.arrayContaining([...REFERENCE_SERVICES]));
  });

  it('offers in --help exactly the formats it implements', () => {
    const run = runDev(PROJECT, ['graph', '--help']);
    expect(run.code).toBe(0);
    const [, choices, fallback] =
      /\(choices: (.*?), default: "(\w+)"\)/.exec(run.stdout.replace(/\s+/g, ' ')) ?? [];
    expect(choices).toBe(GRAPH_FORMATS.map((f) => `"${f}"`).join(', '));
    expect(fallback).toBe('mermaid');
  });
});

describe('dev graph in a project of its own', () => {
  // Read only: one project serves every format.
  let shared: FixtureRepo;
  beforeAll(() => {
    shared = project();
    mkdirSync(join(shared.dir, 'functions', 'orders'), { recursive: true });
  });

  it.each([...GRAPH_FORMATS])('--format %s draws its specs, from any folder inside it', (format) => {
    const run = runDev(join(shared.dir, 'functions', 'orders'), ['graph', '--format', format]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const specs = referenceSpecs().filter((s) => s.name !== 'notifications');
    expect(run.stdout).toBe(`${FORMAT[format](buildServiceGraph(specs))}\n`);
  });

  it('shows what it draws: orders calls users and subscribes to user.deleted', () => {
    const run = shared.dev('graph', '--format', 'json');
    const { edges } = JSON.parse(run.stdout);
    expect(edges.filter((e: { kind: string }) => e.kind !== 'publishes')).toEqual([
      expect.objectContaining({ kind: 'subscribes', from: 'event:users:user.deleted', to: 'service:orders' }),
      expect.objectContaining({ kind: 'calls', from: 'service:orders', to: 'service:users' }),
    ]);
  });

  it('draws a project with no spec yet as an empty graph, exit 0', () => {
    const repo = new FixtureRepo();
    repos.push(repo);
    const run = repo.dev('graph', '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ nodes: [], edges: [] });
  });
});

describe('dev graph refuses what it cannot draw, exit 2', () => {
  it('an unknown --format, saying which formats there are', () => {
    const run = runDev(PROJECT, ['graph', '--format', 'png']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("argument 'png' is invalid");
    expect(run.stderr).toContain('Allowed choices are mermaid, dot, svg, json');
  });

  it('an invalid spec, naming the file and the place, with nothing on stdout', () => {
    const repo = project();
    const orders = reference('orders.json');
    orders.subscriptions[0].resource = 'usr';
    repo.write('api-specs/orders.json', orders);
    const run = repo.dev('graph', '--format', 'svg');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^api-specs\/orders\.json:\d+:\d+ {2}error {2}service "users" has no resource "usr"/m,
    );
    expect(run.stderr).toContain(
      'dev graph: fix the invalid specs first (see `dev validate`); nothing was drawn.',
    );
    expect(run.stderr).not.toContain('internal error');
  });

  it('a spec that is not JSON, naming the file', () => {
    const repo = project();
    repo.write('api-specs/users.json', '{ "name": "users", }\n');
    const run = repo.dev('graph');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^api-specs\/users\.json:1:\d+ {2}error .*\[json-syntax\]/m);
  });

  it('a folder outside any project, saying where to run it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'not-a-project-'));
    try {
      const run = runDev(dir, ['graph']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('no api-specs/ folder');
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

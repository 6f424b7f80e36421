import type { LintFinding } from '../../../../lib/contract/lint/lint';
import { lintSpecs } from '../../../../lib/contract/lint/lint';
import { loadSpec, validateSpecTexts } from '../../../../lib/contract/validate/validate';
import { ALLOW_FILE, allowFile, at, baseSpec, FILE, type SpecJson, specText } from '../helpers';

const RULE = 'coupling';

/**
 * The rule needs a system: the base service (`shelf`, GET /books/:id) beside `ledger` (GET
 * /loans/:id) and `archive` (GET /records/:id), each wired by `calls` on its GET of one item and
 * by subscriptions. Every fixture system validates cleanly, so a finding is the rule's alone.
 */
type Name = 'shelf' | 'ledger' | 'archive';
const RESOURCE: Record<Name, string> = { shelf: 'book', ledger: 'loan', archive: 'record' };
const itemPath = (name: Name) => `/${RESOURCE[name]}s/:id`;
const fileOf = (name: Name) => (name === 'shelf' ? FILE : `api-specs/${name}.json`);

interface Wiring {
  /** Services the GET of one item calls (their GET of one item). */
  readonly calls?: readonly Name[];
  /** Services subscribed to (their resource's `upserted`); `calls: []` when `silent`. */
  readonly subscribes?: readonly Name[];
  readonly silent?: boolean;
}

function serviceJson(name: Name, wiring: Wiring = {}): SpecJson {
  const resource = RESOURCE[name];
  const spec: SpecJson =
    name === 'shelf'
      ? baseSpec()
      : {
          $schema: './spec.schema.json',
          name,
          description: `Owns the ${resource}s.`,
          models: {
            [resource]: { description: `A ${resource}.`, fields: [{ name: 'id', type: 'string' }] },
          },
          resources: {
            [resource]: {
              path: `/${resource}s`,
              description: `The ${resource}s.`,
              storage: {},
              operations: [
                {
                  method: 'GET',
                  path: '/:id',
                  description: `Returns one ${resource}.`,
                  responses: { '200': { type: resource }, '404': { type: 'unit' } },
                },
              ],
            },
          },
          subscriptions: [],
        };
  const get = spec.resources[resource].operations[0];
  if (wiring.calls)
    get.calls = wiring.calls.map((to) => ({ service: to, method: 'GET', path: itemPath(to) }));
  spec.subscriptions = (wiring.subscribes ?? []).map((publisher) => ({
    service: publisher,
    resource: RESOURCE[publisher],
    events: ['upserted'],
    description: 'Keeps a copy up to date.',
    ...(wiring.silent ? { calls: [] } : {}),
  }));
  return spec;
}

type System = Partial<Record<Name, Wiring>>;

/** Validates the whole system (it must be clean) and returns its loaded specs by name. */
function load(system: System) {
  const names = Object.keys(system) as Name[];
  const { valid, diagnostics } = validateSpecTexts(
    names.map((name) => ({ file: fileOf(name), text: specText(serviceJson(name, system[name])) })),
  );
  expect(diagnostics).toEqual([]);
  return valid;
}

/** Lints `linted` (default every service) of the system, with the whole system as context. */
function couplingFindings(system: System, linted?: readonly Name[]): LintFinding[] {
  const valid = load(system);
  const specs = linted ? valid.filter((l) => linted.includes(l.spec.name as Name)) : valid;
  return lintSpecs(
    specs,
    { file: ALLOW_FILE, entries: [] },
    { system: valid.map((l) => l.spec) },
  ).findings.filter((f) => f.rule === RULE);
}

const GET_BOOK = at('operations.GET /books/:id');

interface CouplingCase {
  readonly given: string;
  readonly system: System;
  /** [file, at, JSON path, message fragment] per finding, in output order; empty when the system passes. */
  readonly want: ReadonlyArray<readonly [file: string, at: string, path: string, fragment: string]>;
}

describe(RULE, () => {
  it.each<CouplingCase>([
    { given: 'the base spec alone', system: { shelf: {} }, want: [] },
    {
      given: 'calls one way only (shelf calls ledger)',
      system: { shelf: { calls: ['ledger'] }, ledger: {} },
      want: [],
    },
    {
      given:
        'a cycle through calls (shelf calls ledger, ledger calls shelf): at the call into the first service',
      system: { shelf: { calls: ['ledger'] }, ledger: { calls: ['shelf'] } },
      want: [
        [
          FILE,
          GET_BOOK,
          '$.resources.book.operations[0].calls[0]',
          'services coupled by calls: ledger → shelf → ledger (ledger: GET /loans/:id calls GET /books/:id; ' +
            'shelf: GET /books/:id calls GET /loans/:id)',
        ],
      ],
    },
    {
      given: 'a cycle through three services (archive → shelf → ledger → archive)',
      system: { archive: { calls: ['shelf'] }, shelf: { calls: ['ledger'] }, ledger: { calls: ['archive'] } },
      want: [
        [
          'api-specs/ledger.json',
          'ledger.operations.GET /loans/:id',
          '$.resources.loan.operations[0].calls[0]',
          'services coupled by calls: archive → shelf → ledger → archive',
        ],
      ],
    },
    {
      given: 'events alone (ledger calls shelf; shelf subscribes to ledger and its subscriber calls nothing)',
      system: { ledger: { calls: ['shelf'] }, shelf: { subscribes: ['ledger'], silent: true } },
      want: [],
    },
    {
      given:
        "a cycle through a subscriber calling back (ledger calls shelf; shelf's subscriber reads the loan)",
      system: { ledger: { calls: ['shelf'] }, shelf: { subscribes: ['ledger'] } },
      want: [
        [
          FILE,
          at('subscriptions.ledger.loan'),
          '$.subscriptions[0]',
          'services coupled by calls: ledger → shelf → ledger (ledger: GET /loans/:id calls GET /books/:id; ' +
            'shelf: subscription to ledger.loan calls GET /loans/:id)',
        ],
      ],
    },
    {
      given:
        'a subscription both ways, each subscriber reading the other: the subscriber into the first service',
      system: { archive: { subscribes: ['shelf'] }, shelf: { subscribes: ['archive'] } },
      want: [
        [
          FILE,
          at('subscriptions.archive.record'),
          '$.subscriptions[0]',
          'services coupled by calls: archive → shelf → archive',
        ],
      ],
    },
  ])('$given', ({ system, want }) => {
    const got = couplingFindings(system);
    expect(got.map((f) => [f.file, f.at, f.path, f.message])).toEqual(
      want.map(([file, place, path, fragment]) => [file, place, path, expect.stringContaining(fragment)]),
    );
    for (const finding of got) {
      expect(finding.severity).toBe('warning');
      expect(finding.hint).toContain('publish an event instead of calling back');
      expect(finding.hint).toContain('api-specs/lint.allow.json');
    }
  });

  it('is positioned at the closing call in its file', () => {
    const [finding] = couplingFindings({ shelf: { calls: ['ledger'] }, ledger: { calls: ['shelf'] } });
    const lines = specText(serviceJson('shelf', { calls: ['ledger'] })).split('\n');
    const callLine = lines.findIndex((line) => line.includes('"calls"')) + 2; // the object after `"calls": [`
    expect(finding).toEqual(expect.objectContaining({ line: callLine, column: expect.any(Number) }));
    expect(lines[callLine - 1]?.trim()).toBe('{');
  });

  describe('a spec linted alone (`dev lint api-specs/shelf.json`)', () => {
    const cycle: System = { shelf: { subscribes: ['ledger'] }, ledger: { calls: ['shelf'] } };

    it('reports the cycle it closes through the rest of the system', () => {
      expect(couplingFindings(cycle, ['shelf']).map((f) => [f.file, f.at, f.message])).toEqual([
        [FILE, at('subscriptions.ledger.loan'), expect.stringContaining('ledger → shelf → ledger')],
      ]);
    });

    it('reports nothing in a spec that is on the cycle without closing it', () => {
      expect(couplingFindings(cycle, ['ledger'])).toEqual([]);
    });

    it('is judged as linted, not as the system knew it: an edit that closes a cycle is found', () => {
      // The system holds shelf without its subscription; the linted shelf adds it.
      const before = load({ shelf: {}, ledger: { calls: ['shelf'] } });
      const { loaded } = loadSpec({ file: FILE, text: specText(serviceJson('shelf', cycle.shelf)) });
      if (!loaded) throw new Error('the edited shelf does not load');
      const { findings } = lintSpecs(
        [loaded],
        { file: ALLOW_FILE, entries: [] },
        { system: before.map((l) => l.spec) },
      );
      expect(findings.filter((f) => f.rule === RULE).map((f) => f.at)).toEqual([
        at('subscriptions.ledger.loan'),
      ]);
    });

    it('is judged as linted: an edit that breaks the cycle clears it', () => {
      const before = load(cycle);
      const { loaded } = loadSpec({
        file: FILE,
        text: specText(serviceJson('shelf', { subscribes: ['ledger'], silent: true })),
      });
      if (!loaded) throw new Error('the edited shelf does not load');
      const { findings } = lintSpecs(
        [loaded],
        { file: ALLOW_FILE, entries: [] },
        { system: before.map((l) => l.spec) },
      );
      expect(findings.filter((f) => f.rule === RULE)).toEqual([]);
    });
  });

  it('is accepted by an allow entry at its place, and then fails nothing', () => {
    const valid = load({ shelf: { calls: ['ledger'] }, ledger: { calls: ['shelf'] } });
    const allow = allowFile([
      { rule: RULE, at: GET_BOOK, reason: 'Reviewed: the loan check is synchronous by design until Q3.' },
    ]);
    const { findings, suppressed } = lintSpecs(valid, allow, { system: valid.map((l) => l.spec) });
    expect(suppressed.map((f) => [f.rule, f.at])).toEqual([[RULE, GET_BOOK]]);
    expect(findings.filter((f) => f.rule === RULE || f.rule === 'unused-allow-entry')).toEqual([]);
  });
});

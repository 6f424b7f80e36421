import { DiffInputError, diffProject } from '../../../lib/contract/diff/diff';
import type { Spec } from '../../../lib/contract/schema';
import { baseSpec, field, removeField, summary } from './helpers';
import { TempRepo } from './repo';

const ALLOW = 'api-specs/breaking-changes.allow.json';

function edited(modify: (spec: Spec) => void): Spec {
  const spec = baseSpec();
  modify(spec);
  return spec;
}

describe('diffProject', () => {
  let repo: TempRepo;

  beforeEach(() => {
    repo = new TempRepo();
    repo.writeSpec(baseSpec());
    repo.commit('base');
  });

  afterEach(() => repo.dispose());

  const diff = () => diffProject({ root: repo.root, base: 'HEAD' });

  it('finds nothing when the working copy equals the base', () => {
    expect(diff()).toEqual({ changes: [], allowed: [], unusedAllow: [] });
  });

  it('compares the working copy with the base revision', () => {
    repo.writeSpec(edited((s) => removeField(s, 'res', 'title')));
    const { changes } = diff();
    expect(changes.map(summary)).toEqual([
      {
        rule: 'response-field-removed',
        level: 'error',
        at: 'shop.models.res.fields.title',
        sides: ['response'],
        operations: ['GET /things', 'GET /things/:id', 'POST /things'],
      },
    ]);
    expect(changes[0]?.file).toBe('api-specs/shop.json');
  });

  it('compares with an older revision, including committed changes', () => {
    repo.writeSpec(edited((s) => removeField(s, 'res', 'title')));
    repo.commit('remove title');
    expect(diffProject({ root: repo.root, base: 'HEAD~1' }).changes.map((c) => c.rule)).toEqual([
      'response-field-removed',
    ]);
    expect(diff().changes).toEqual([]);
  });

  it('reports a spec created since the base as service-added (info) only', () => {
    repo.writeSpec({ ...baseSpec(), name: 'extra' });
    expect(diff().changes.map(summary)).toEqual([
      { rule: 'service-added', level: 'info', at: 'extra', sides: [], operations: [] },
    ]);
  });

  it('reports a deleted spec as service-removed (error) only', () => {
    repo.remove('api-specs/shop.json');
    const { changes } = diff();
    expect(changes.map(summary)).toEqual([
      { rule: 'service-removed', level: 'error', at: 'shop', sides: [], operations: [] },
    ]);
    expect(changes[0]).toMatchObject({ file: 'api-specs/shop.json', line: 1, column: 1 });
  });

  it('sorts by service, then worst level first, then place', () => {
    repo.writeSpec({
      ...edited((s) => {
        s.description = 'New.';
      }),
      name: 'alpha',
    });
    repo.commit('alpha');
    repo.writeSpec({
      ...edited((s) => {
        s.description = 'Newer.';
      }),
      name: 'alpha',
    });
    repo.writeSpec(
      edited((s) => {
        field(s, 'res', 'count').maximum = 5000;
        removeField(s, 'res', 'note');
        s.description = 'Changed.';
        field(s, 'req', 'title').description = 'Changed.';
      }),
    );
    expect(
      diffProject({ root: repo.root, base: 'HEAD~1' }).changes.map((c) => [c.service, c.level, c.at]),
    ).toEqual([
      ['alpha', 'info', 'alpha'],
      ['shop', 'error', 'shop.models.res.fields.count'],
      ['shop', 'warning', 'shop.models.res.fields.note'],
      ['shop', 'info', 'shop'],
      ['shop', 'info', 'shop.models.req.fields.title'],
    ]);
  });

  it('throws DiffInputError naming the revision when it does not exist', () => {
    expect(() => diffProject({ root: repo.root, base: 'origin/nope' })).toThrow(
      /"origin\/nope" does not exist/,
    );
  });

  it('reports a working-copy spec that does not load as a located error naming dev validate', () => {
    repo.write('api-specs/shop.json', '{ "name": "shop", }');
    const { changes } = diff();
    expect(changes).toEqual([
      expect.objectContaining({
        rule: 'spec-does-not-load',
        level: 'error',
        file: 'api-specs/shop.json',
        line: 1,
        column: expect.any(Number),
        message: expect.stringMatching(/api-specs\/shop\.json does not load: .*dev validate/),
      }),
    ]);
  });

  it('compares a spec whose base does not load as new, with an info saying so', () => {
    repo.write('api-specs/broken.json', '{ "name": "broken", "models": [] }');
    repo.commit('broken');
    repo.writeSpec({ ...baseSpec(), name: 'broken' });
    const rules = diff().changes.map((change) => [change.rule, change.level]);
    expect(rules).toContainEqual(['base-spec-does-not-load', 'info']);
    expect(rules).toContainEqual(['service-added', 'info']);
    expect(diff().changes.find((c) => c.rule === 'base-spec-does-not-load')?.message).toMatch(
      /api-specs\/broken\.json does not load at revision "HEAD"/,
    );
  });

  describe('the allow file', () => {
    beforeEach(() => {
      repo.writeSpec(
        edited((s) => {
          removeField(s, 'res', 'title');
          removeField(s, 'req', 'note');
        }),
      );
    });

    const allow = (entries: unknown[]) => repo.write(ALLOW, `${JSON.stringify(entries, null, 2)}\n`);
    const reason = 'No client reads it yet: the app ships next month.';

    it('accepts one rule at one place', () => {
      allow([{ rule: 'response-field-removed', at: 'shop.models.res.fields.title', reason }]);
      const result = diff();
      expect(result.changes.map((c) => c.at)).toEqual(['shop.models.req.fields.note']);
      expect(result.allowed.map((c) => [c.rule, c.at])).toEqual([
        ['response-field-removed', 'shop.models.res.fields.title'],
      ]);
      expect(result.unusedAllow).toEqual([]);
    });

    it('returns each accepted change whole, with the entry’s reason and its place in the allow file', () => {
      allow([
        {
          rule: 'request-field-removed',
          at: 'shop.models.req.fields.note',
          reason: 'Old clients still send it.',
        },
        { rule: 'response-field-removed', at: 'shop.models.res.fields.title', reason: `  ${reason}  ` },
      ]);
      const result = diff();
      expect(result.changes).toEqual([]);
      // Sorted as changes are (worst first), not in the allow file's order; the reason is trimmed.
      expect(result.allowed).toEqual([
        expect.objectContaining({
          rule: 'response-field-removed',
          level: 'error',
          at: 'shop.models.res.fields.title',
          sides: ['response'],
          message: expect.stringContaining('"title"'),
          reason,
          allowEntry: { file: ALLOW, line: 7, column: 3 },
        }),
        expect.objectContaining({
          rule: 'request-field-removed',
          at: 'shop.models.req.fields.note',
          file: 'api-specs/shop.json',
          reason: 'Old clients still send it.',
          allowEntry: { file: ALLOW, line: 2, column: 3 },
        }),
      ]);
      // The change keeps its own place in the spec.
      expect(result.allowed[0]?.line).toBeGreaterThan(1);
    });

    it('credits the first of two entries for the same rule and place, and reports the second as unused', () => {
      allow([
        { rule: 'response-field-removed', at: 'shop.models.res.fields.title', reason },
        {
          rule: 'response-field-removed',
          at: 'shop.models.res.fields.title',
          reason: 'A second, later reason.',
        },
      ]);
      const result = diff();
      expect(result.allowed.map((c) => [c.reason, c.allowEntry.line])).toEqual([[reason, 2]]);
      expect(result.unusedAllow.map((c) => c.line)).toEqual([7]);
    });

    it('needs the exact rule and place; an entry that matches nothing is an unused-allow-entry error', () => {
      allow([
        { rule: 'request-field-removed', at: 'shop.models.res.fields.title', reason },
        { rule: 'response-field-removed', at: 'shop.models.res.fields', reason },
        { rule: 'response-field-removed', at: 'shop.models.res.fields.title', reason },
      ]);
      const result = diff();
      expect(result.allowed.map((c) => c.at)).toEqual(['shop.models.res.fields.title']);
      expect(result.changes.map((c) => c.at)).toEqual(['shop.models.req.fields.note']);
      expect(
        result.unusedAllow.map((c) => ({ ...summary(c), file: c.file, line: c.line, column: c.column })),
      ).toEqual([
        {
          rule: 'unused-allow-entry',
          level: 'error',
          at: 'shop.models.res.fields',
          sides: [],
          operations: [],
          file: ALLOW,
          line: 7,
          column: 3,
        },
        {
          rule: 'unused-allow-entry',
          level: 'error',
          at: 'shop.models.res.fields.title',
          sides: [],
          operations: [],
          file: ALLOW,
          line: 2,
          column: 3,
        },
      ]);
      expect(result.unusedAllow[1]?.message).toBe(
        'the allow entry for request-field-removed at shop.models.res.fields.title matches no change: remove it so the file cannot rot',
      );
    });

    it('names an unknown rule id in the unused entry', () => {
      allow([{ rule: 'field-removed', at: 'shop.models.res.fields.title', reason }]);
      expect(diff().unusedAllow[0]?.message).toContain('"field-removed" is not a rule id of dev diff');
    });

    it('throws DiffInputError when malformed', () => {
      repo.write(ALLOW, '[{ "rule": "response-field-removed", "at": "shop" }]');
      expect(diff).toThrow(DiffInputError);
      expect(diff).toThrow(/breaking-changes\.allow\.json is malformed/);
    });
  });
});

import { diffSpec } from '../../../lib/contract/diff/diff-spec';
import type { Spec } from '../../../lib/contract/schema';
import {
  baseSpec,
  diffWith,
  enumDef,
  field,
  isValid,
  load,
  model,
  removeField,
  resource,
  summary,
} from './helpers';

/** 1-based line and column of the first occurrence of `needle` in the pretty-printed spec. */
function positionIn(spec: Spec, needle: string, from?: string): { line: number; column: number } {
  const text = `${JSON.stringify(spec, null, 2)}\n`;
  const start = from ? text.indexOf(from) : 0;
  const offset = text.indexOf(needle, start);
  if (start < 0 || offset < 0) throw new Error(`${needle} not in the spec`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function modified(modify: (spec: Spec) => void): Spec {
  const spec = baseSpec();
  modify(spec);
  return spec;
}

describe('diffSpec', () => {
  it('starts from a base spec that passes dev validate', () => {
    expect(isValid(baseSpec())).toBe(true);
  });

  it('reports an edit reached from both sides once, with the worse verdict, naming the other', () => {
    const changes = diffWith((s) => removeField(s, 'both', 'title'));
    expect(changes).toHaveLength(1);
    expect(changes[0]?.rule).toBe('response-field-removed');
    expect(changes[0]?.message).toBe(
      'field "title" of model "both" was removed: old clients that read it will not find it ' +
        '(also request-field-removed (warning) on the request side)',
    );
  });

  it('says which rule a deprecation lowered', () => {
    const [change] = diffWith((s) => removeField(s, 'res', 'legacy'));
    expect(change?.message).toBe(
      'field "legacy" of model "res" was removed: old clients that read it will not find it; ' +
        'it was deprecated ("Use title."), so deprecated-removed replaces response-field-removed',
    );
  });

  it('reports separate edits at one place separately', () => {
    const changes = diffWith((s) => {
      const count = field(s, 'req', 'count');
      count.type = 'long';
      count.maximum = 10;
    });
    expect(changes.map((c) => [c.rule, c.at])).toEqual([
      ['request-type-widened', 'shop.models.req.fields.count'],
      ['request-bound-tightened', 'shop.models.req.fields.count'],
    ]);
  });

  it('compares a model that became an enum of the same name at its own place', () => {
    const changes = diffWith((s) => {
      delete s.models?.part;
      s.enums = { ...s.enums, part: { values: [{ name: 'a' }] } };
    }).map(summary);
    expect(changes).toEqual([
      {
        rule: 'response-type-widened',
        level: 'error',
        at: 'shop.enums.part',
        sides: ['response'],
        operations: ['GET /things', 'GET /things/:id', 'POST /things'],
      },
    ]);
  });

  it('does not count operations served by another resource now as removed with their old resource', () => {
    const changes = diffWith((s) => {
      const gadget = resource(s, 'gadget');
      if (s.resources) delete s.resources.gadget;
      s.resources = { ...s.resources, widget: { ...gadget, events: ['upserted', 'deleted'] } };
    });
    expect(changes.map(summary)).toEqual([
      { rule: 'resource-removed', level: 'error', at: 'shop.resources.gadget', sides: [], operations: [] },
      {
        rule: 'event-added',
        level: 'info',
        at: 'shop.resources.widget.events.upserted',
        sides: [],
        operations: [],
      },
      {
        rule: 'event-added',
        level: 'info',
        at: 'shop.resources.widget.events.deleted',
        sides: [],
        operations: [],
      },
    ]);
    expect(changes[0]?.message).toBe(
      'resource "gadget" was removed (no operation still served elsewhere; events gadget.upserted): ' +
        'old clients calling its operations and subscribers of its events break',
    );
  });

  it('ignores what is not on the wire: subscriptions, storage indexes, examples, annotations declared', () => {
    const changes = diffWith((s) => {
      s.subscriptions = [{ service: 'users', resource: 'user', events: ['deleted'] }];
      resource(s, 'res').storage = { indexes: [{ fields: ['title'], unique: true }] };
      field(s, 'res', 'title').example = 'Hello';
      s.annotations = {};
      enumDef(s, 'res_color').values.reverse();
      model(s, 'res').fields.reverse();
    });
    expect(changes).toEqual([]);
  });

  describe('positions', () => {
    it('point at the edited key in the new spec', () => {
      const head = modified((s) => {
        field(s, 'res', 'count').type = 'long';
      });
      const [change] = diffSpec(load(baseSpec()), load(head));
      expect(change).toMatchObject({ file: 'api-specs/shop.json', ...positionIn(head, '"long"') });
    });

    it('point at the nearest surviving parent of a removed element', () => {
      const head = modified((s) => removeField(s, 'res', 'title'));
      const [change] = diffSpec(load(baseSpec()), load(head));
      expect(change).toMatchObject(
        positionIn(head, '[', '"res": {\n      "description": "What the server sends."'),
      );
    });

    it('point at the name of a renamed service', () => {
      const head = modified((s) => {
        s.name = 'store';
      });
      const [change] = diffSpec(load(baseSpec()), load(head));
      expect(change).toMatchObject(positionIn(head, '"store"'));
    });

    it('are 1/1 in the old file for a removed service', () => {
      expect(diffSpec(load(baseSpec()), undefined)[0]).toMatchObject({
        file: 'api-specs/shop.json',
        line: 1,
        column: 1,
      });
    });
  });
});

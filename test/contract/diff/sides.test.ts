import type { Change } from '../../../lib/contract/diff/change';
import type { Spec } from '../../../lib/contract/schema';
import {
  baseSpec,
  diffWith,
  enumDef,
  field,
  model,
  OPS,
  operation,
  removeField,
  removeOperation,
  summary,
} from './helpers';

/**
 * The same edit, made to `req` (a body only), `res` (a response only) and `both` (the body and
 * the response of PUT /pairs/:id), gets a verdict per side; on `both` the worse one counts and the
 * change is still reported once, with both sides.
 */

type Target = 'req' | 'res' | 'both';
type Expect = readonly [rule: string, level: Change['level']] | undefined;

interface Row {
  readonly edit: string;
  /** The place, relative to the model (`fields.title`) or, for enum edits, to its enum (`values.green`). */
  readonly at: string;
  readonly onEnum?: boolean;
  readonly modify: (spec: Spec, target: Target) => void;
  readonly req: Expect;
  readonly res: Expect;
  readonly both: Expect;
}

const colors = (target: Target) => `${target}_color`;

const ROWS: Row[] = [
  {
    edit: 'required field removed',
    at: 'fields.title',
    modify: (s, t) => removeField(s, t, 'title'),
    req: ['request-field-removed', 'warning'],
    res: ['response-field-removed', 'error'],
    both: ['response-field-removed', 'error'],
  },
  {
    edit: 'optional field removed',
    at: 'fields.note',
    modify: (s, t) => removeField(s, t, 'note'),
    req: ['request-field-removed', 'warning'],
    res: ['response-field-removed', 'warning'],
    both: ['response-field-removed', 'warning'],
  },
  {
    edit: 'deprecated field removed',
    at: 'fields.legacy',
    modify: (s, t) => removeField(s, t, 'legacy'),
    req: ['deprecated-removed', 'warning'],
    res: ['deprecated-removed', 'warning'],
    both: ['deprecated-removed', 'warning'],
  },
  {
    edit: 'integer widened to long',
    at: 'fields.count',
    modify: (s, t) => {
      field(s, t, 'count').type = 'long';
    },
    req: ['request-type-widened', 'info'],
    res: ['response-type-widened', 'error'],
    both: ['response-type-widened', 'error'],
  },
  {
    edit: 'string narrowed to uuid',
    at: 'fields.note',
    modify: (s, t) => {
      field(s, t, 'note').type = 'uuid';
    },
    req: ['request-type-narrowed', 'error'],
    res: undefined,
    both: ['request-type-narrowed', 'error'],
  },
  {
    edit: 'enum widened to string',
    at: 'fields.color',
    modify: (s, t) => {
      field(s, t, 'color').type = 'string';
    },
    req: ['request-type-widened', 'info'],
    res: ['response-type-widened', 'error'],
    both: ['response-type-widened', 'error'],
  },
  {
    edit: 'string to integer (unrelated)',
    at: 'fields.title',
    modify: (s, t) => {
      field(s, t, 'title').type = 'integer';
    },
    req: ['request-type-narrowed', 'error'],
    res: ['response-type-widened', 'error'],
    both: ['response-type-widened', 'error'],
  },
  {
    edit: 'maximum lowered',
    at: 'fields.count',
    modify: (s, t) => {
      field(s, t, 'count').maximum = 500;
    },
    req: ['request-bound-tightened', 'error'],
    res: undefined,
    both: ['request-bound-tightened', 'error'],
  },
  {
    edit: 'maximum raised',
    at: 'fields.count',
    modify: (s, t) => {
      field(s, t, 'count').maximum = 2000;
    },
    req: undefined,
    res: ['response-bound-widened', 'error'],
    both: ['response-bound-widened', 'error'],
  },
  {
    edit: 'minimum removed',
    at: 'fields.count',
    modify: (s, t) => void delete field(s, t, 'count').minimum,
    req: undefined,
    res: ['response-bound-widened', 'error'],
    both: ['response-bound-widened', 'error'],
  },
  {
    edit: 'maximum added',
    at: 'fields.note',
    modify: (s, t) => {
      field(s, t, 'note').maximum = 10;
    },
    req: ['request-bound-tightened', 'error'],
    res: undefined,
    both: ['request-bound-tightened', 'error'],
  },
  {
    edit: 'pattern added',
    at: 'fields.note',
    modify: (s, t) => {
      field(s, t, 'note').pattern = '^\\S';
    },
    req: ['request-constraint-tightened', 'error'],
    res: ['response-constraint-tightened', 'info'],
    both: ['request-constraint-tightened', 'error'],
  },
  {
    edit: 'pattern changed',
    at: 'fields.code',
    modify: (s, t) => {
      field(s, t, 'code').pattern = '^[A-Z]{2,3}$';
    },
    req: ['request-constraint-tightened', 'error'],
    res: ['response-constraint-loosened', 'error'],
    both: ['response-constraint-loosened', 'error'],
  },
  {
    edit: 'format removed',
    at: 'fields.email',
    modify: (s, t) => void delete field(s, t, 'email').format,
    req: ['request-constraint-loosened', 'info'],
    res: ['response-constraint-loosened', 'error'],
    both: ['response-constraint-loosened', 'error'],
  },
  {
    edit: 'field became optional',
    at: 'fields.title',
    modify: (s, t) => {
      field(s, t, 'title').required = false;
    },
    req: undefined,
    res: ['response-field-became-optional', 'error'],
    both: ['response-field-became-optional', 'error'],
  },
  {
    edit: 'field became required',
    at: 'fields.note',
    modify: (s, t) => void delete field(s, t, 'note').required,
    req: ['request-field-became-required', 'error'],
    res: undefined,
    both: ['request-field-became-required', 'error'],
  },
  {
    edit: 'default removed, field now optional',
    at: 'fields.color',
    modify: (s, t) => {
      const f = field(s, t, 'color');
      delete f.default;
      f.required = false;
    },
    req: ['request-default-removed', 'error'],
    res: ['response-field-became-optional', 'error'],
    both: ['response-field-became-optional', 'error'],
  },
  {
    edit: 'default removed, field still required',
    at: 'fields.color',
    modify: (s, t) => void delete field(s, t, 'color').default,
    req: ['request-field-became-required', 'error'],
    res: undefined,
    both: ['request-field-became-required', 'error'],
  },
  {
    edit: 'default changed',
    at: 'fields.color',
    modify: (s, t) => {
      field(s, t, 'color').default = 'green';
    },
    req: ['request-default-changed', 'warning'],
    res: undefined,
    both: ['request-default-changed', 'warning'],
  },
  {
    edit: 'required field added',
    at: 'fields.extra',
    modify: (s, t) => model(s, t).fields.push({ name: 'extra', type: 'string' }),
    req: ['request-field-added-required', 'error'],
    res: ['response-field-added', 'info'],
    both: ['request-field-added-required', 'error'],
  },
  {
    edit: 'optional field added',
    at: 'fields.extra',
    modify: (s, t) => model(s, t).fields.push({ name: 'extra', type: 'string', required: false }),
    req: ['request-field-added-optional', 'info'],
    res: ['response-field-added', 'info'],
    both: ['response-field-added', 'info'],
  },
  {
    edit: 'personal_data removed',
    at: 'fields.email',
    modify: (s, t) => void delete field(s, t, 'email').annotations,
    req: ['personal-data-annotation-removed', 'error'],
    res: ['personal-data-annotation-removed', 'error'],
    both: ['personal-data-annotation-removed', 'error'],
  },
  {
    edit: 'enum value added',
    at: 'values.yellow',
    onEnum: true,
    modify: (s, t) => enumDef(s, colors(t)).values.push({ name: 'yellow' }),
    req: ['request-type-widened', 'info'],
    res: ['response-enum-value-added', 'warning'],
    both: ['response-enum-value-added', 'warning'],
  },
  {
    edit: 'enum value removed',
    at: 'values.green',
    onEnum: true,
    modify: (s, t) => {
      enumDef(s, colors(t)).values = enumDef(s, colors(t)).values.filter((v) => v.name !== 'green');
    },
    req: ['request-enum-value-removed', 'error'],
    res: ['response-enum-value-removed', 'warning'],
    both: ['request-enum-value-removed', 'error'],
  },
  {
    edit: 'deprecated enum value removed',
    at: 'values.blue',
    onEnum: true,
    modify: (s, t) => {
      enumDef(s, colors(t)).values = enumDef(s, colors(t)).values.filter((v) => v.name !== 'blue');
    },
    req: ['deprecated-removed', 'warning'],
    res: ['deprecated-removed', 'warning'],
    both: ['deprecated-removed', 'warning'],
  },
];

const REACH: Record<Target, Pick<Change, 'sides' | 'operations'>> = {
  req: { sides: ['request'], operations: [...OPS.req] },
  res: { sides: ['response'], operations: [...OPS.res] },
  both: { sides: ['request', 'response'], operations: [...OPS.both] },
};

const CASES = ROWS.flatMap((row) =>
  (['req', 'res', 'both'] as const).map((target) => [row.edit, target, row] as const),
);

describe('the same edit on the request side, the response side and both', () => {
  it.each(CASES)('%s on %s', (_edit, target, row) => {
    const changes = diffWith((s) => row.modify(s, target)).map(summary);
    const expected = row[target];
    const at = row.onEnum ? `shop.enums.${colors(target)}.${row.at}` : `shop.models.${target}.${row.at}`;
    expect(changes).toEqual(
      expected ? [{ rule: expected[0], level: expected[1], at, ...REACH[target] }] : [],
    );
  });
});

describe('reachability', () => {
  it('follows lists: a model reached only through [part] of a response model', () => {
    const changes = diffWith((s) => removeField(s, 'part', 'sku')).map(summary);
    expect(changes).toEqual([
      { rule: 'response-field-removed', level: 'error', at: 'shop.models.part.fields.sku', ...REACH.res },
    ]);
  });

  it('follows maps and parameters: an enum reached through map[size] of a query parameter', () => {
    const base = baseSpec();
    const size = operation(base, 'GET').parameters?.find((p) => p.name === 'size');
    if (size) size.type = 'map[size]';
    const changes = diffWith((s) => enumDef(s, 'size').values.pop(), base).map(summary);
    expect(changes).toEqual([
      {
        rule: 'request-enum-value-removed',
        level: 'error',
        at: 'shop.enums.size.values.m',
        sides: ['request'],
        operations: ['GET /things'],
      },
    ]);
  });

  it('leaves out operations removed in the same change (their removal is reported on its own)', () => {
    const changes = diffWith((s) => {
      removeOperation(s, 'GET', '/:id');
      removeField(s, 'res', 'title');
    }).map(summary);
    expect(changes).toEqual([
      {
        rule: 'operation-removed',
        level: 'error',
        at: 'shop.operations.GET /things/:id',
        sides: ['request', 'response'],
        operations: ['GET /things/:id'],
      },
      {
        rule: 'response-field-removed',
        level: 'error',
        at: 'shop.models.res.fields.title',
        sides: ['response'],
        operations: ['GET /things', 'POST /things'],
      },
    ]);
  });

  it('reports changes to a type no operation reaches only when they do not depend on a side', () => {
    const changes = diffWith((s) => {
      removeField(s, 'gadget', 'id');
      model(s, 'gadget').description = 'Unused now.';
      if (s.resources) delete s.resources.gadget;
    }).map((c) => [c.rule, c.at]);
    expect(changes).toEqual([
      ['resource-removed', 'shop.resources.gadget'],
      ['description-changed', 'shop.models.gadget'],
    ]);
  });

  it('names operations by their head key when path parameters are renamed', () => {
    const changes = diffWith((s) => {
      const put = operation(s, 'PUT', '/:id', 'both');
      put.path = '/:pair_id';
      put.parameters = [{ name: 'pair_id', type: 'uuid' }];
      removeField(s, 'both', 'note');
    }).map(summary);
    expect(changes).toEqual([
      {
        rule: 'request-type-narrowed',
        level: 'error',
        at: 'shop.operations.PUT /pairs/:pair_id.parameters.pair_id',
        sides: ['request'],
        operations: ['PUT /pairs/:pair_id'],
      },
      {
        rule: 'response-field-removed',
        level: 'warning',
        at: 'shop.models.both.fields.note',
        sides: ['request', 'response'],
        operations: ['PUT /pairs/:pair_id'],
      },
    ]);
  });
});

import type { Change } from '../../../lib/contract/diff/change';
import { diffSpec } from '../../../lib/contract/diff/diff-spec';
import { RULE_IDS } from '../../../lib/contract/diff/rules';
import type { Spec } from '../../../lib/contract/schema';
import {
  baseSpec,
  diffWith,
  enumDef,
  field,
  load,
  model,
  OPS,
  operation,
  parameter,
  removeField,
  removeOperation,
  resource,
  summary,
} from './helpers';

/** One table row: an edit of the base spec (or a whole diff) and the single change it must produce. */
interface Fires {
  readonly title: string;
  readonly run: () => Change[];
  readonly want: ReturnType<typeof summary>;
}

/** One table row: an edit near the rule's territory that must not fire it, and every rule it does report. */
interface DoesNotFire {
  readonly rule: string;
  readonly title: string;
  readonly run: () => Change[];
  readonly reported: string[];
}

const edit = (modify: (spec: Spec) => void, start?: () => Spec) => () => diffWith(modify, start?.());

const REQ = { sides: ['request'], operations: [...OPS.req] } as const;
const RES = { sides: ['response'], operations: [...OPS.res] } as const;
const LIST = { sides: ['request'], operations: [...OPS.list] } as const;
const NONE = { sides: [], operations: [] } as const;
const op = (key: string, sides: Array<'request' | 'response'> = ['request', 'response']) => ({
  sides,
  operations: [key],
});
const RES_RESOURCE_OPS = [
  'DELETE /things/:id',
  'GET /things',
  'GET /things/:id',
  'POST /things',
  'POST /things/:id/touch',
];

function want(
  rule: string,
  level: Change['level'],
  at: string,
  reach: { sides: readonly string[]; operations: readonly string[] },
) {
  return { rule, level, at, sides: [...reach.sides], operations: [...reach.operations] } as ReturnType<
    typeof summary
  >;
}

/** The base spec with a decimal `price` (precision 10, scale 2) on req, res and both, and a `max_price` query parameter. */
function withPrices(): Spec {
  const s = baseSpec();
  for (const name of ['req', 'res', 'both']) {
    model(s, name).fields.push({ name: 'price', type: 'decimal', required: false, precision: 10, scale: 2 });
  }
  operation(s, 'GET').parameters?.push({ name: 'max_price', type: 'decimal', required: false, scale: 2 });
  return s;
}

/** The base spec with a unique index on res.code, ignoring case or not. */
function withListShards(listShards: number | undefined): () => Spec {
  return () => {
    const s = baseSpec();
    resource(s, 'res').storage = listShards === undefined ? {} : { list_shards: listShards };
    return s;
  };
}

function withCodeIndex(ignoreCase: boolean): () => Spec {
  return () => {
    const s = baseSpec();
    resource(s, 'res').storage = {
      indexes: [{ fields: ['code'], unique: true, ...(ignoreCase ? { ignore_case: true } : {}) }],
    };
    return s;
  };
}

const FIRES: Fires[] = [
  {
    title: 'name changed',
    run: edit((s) => {
      s.name = 'store';
    }),
    want: want('service-renamed', 'error', 'shop', NONE),
  },
  {
    title: 'spec deleted',
    run: () => diffSpec(load(baseSpec()), undefined),
    want: want('service-removed', 'error', 'shop', NONE),
  },
  {
    title: 'spec created',
    run: () => diffSpec(undefined, load(baseSpec())),
    want: want('service-added', 'info', 'shop', NONE),
  },
  {
    title: 'a resource and its operation',
    run: edit((s) => void delete s.resources?.gadget),
    want: want('resource-removed', 'error', 'shop.resources.gadget', op('GET /gadgets/:id')),
  },
  {
    title: 'an operation',
    run: edit((s) => removeOperation(s, 'GET', '/:id')),
    want: want('operation-removed', 'error', 'shop.operations.GET /things/:id', op('GET /things/:id')),
  },
  {
    title: 'a new operation',
    run: edit((s) =>
      resource(s, 'res').operations.push({
        method: 'PATCH',
        path: '/:id',
        body: { type: 'req' },
        responses: { '200': { type: 'res' } },
      }),
    ),
    want: want('operation-added', 'info', 'shop.operations.PATCH /things/:id', op('PATCH /things/:id')),
  },
  {
    title: 'auth none to the default iam',
    run: edit((s) => void delete operation(s, 'GET', '/:id').auth),
    want: want(
      'operation-auth-tightened',
      'error',
      'shop.operations.GET /things/:id',
      op('GET /things/:id', ['request']),
    ),
  },
  {
    title: 'auth iam to none',
    run: edit((s) => {
      operation(s, 'POST').auth = 'none';
    }),
    want: want(
      'operation-auth-loosened',
      'warning',
      'shop.operations.POST /things',
      op('POST /things', ['request']),
    ),
  },
  {
    title: 'a body on an operation that took none',
    run: edit((s) => {
      operation(s, 'POST', '/:id/touch').body = { type: 'req' };
    }),
    want: want(
      'body-added',
      'error',
      'shop.operations.POST /things/:id/touch.body',
      op('POST /things/:id/touch', ['request']),
    ),
  },
  {
    title: 'body type replaced by an unrelated model',
    run: edit((s) => {
      operation(s, 'POST').body = { type: 'both' };
    }),
    want: want(
      'body-type-changed',
      'error',
      'shop.operations.POST /things.body',
      op('POST /things', ['request']),
    ),
  },
  {
    title: 'body narrowed (object to a model)',
    run: edit(
      (s) => {
        operation(s, 'POST').body = { type: 'req' };
      },
      () => {
        const s = baseSpec();
        operation(s, 'POST').body = { type: 'object' };
        return s;
      },
    ),
    want: want(
      'body-type-changed',
      'error',
      'shop.operations.POST /things.body',
      op('POST /things', ['request']),
    ),
  },
  {
    title: 'body removed (nearest id)',
    run: edit((s) => void delete operation(s, 'POST').body),
    want: want(
      'body-type-changed',
      'error',
      'shop.operations.POST /things.body',
      op('POST /things', ['request']),
    ),
  },
  {
    title: 'a required parameter with no default',
    run: edit((s) => operation(s, 'GET').parameters?.push({ name: 'shop_id', type: 'string' })),
    want: want('parameter-added-required', 'error', 'shop.operations.GET /things.parameters.shop_id', LIST),
  },
  {
    title: 'an optional parameter',
    run: edit((s) => operation(s, 'GET').parameters?.push({ name: 'q', type: 'string', required: false })),
    want: want('parameter-added-optional', 'info', 'shop.operations.GET /things.parameters.q', LIST),
  },
  {
    title: 'a required parameter with a default',
    run: edit((s) => operation(s, 'GET').parameters?.push({ name: 'page', type: 'integer', default: 1 })),
    want: want('parameter-added-optional', 'info', 'shop.operations.GET /things.parameters.page', LIST),
  },
  {
    title: 'cursor loses required: false',
    run: edit((s) => void delete parameter(s, 'GET', undefined, 'cursor').required),
    want: want('parameter-became-required', 'error', 'shop.operations.GET /things.parameters.cursor', LIST),
  },
  {
    title: 'cursor removed',
    run: edit((s) => {
      const o = operation(s, 'GET');
      o.parameters = o.parameters?.filter((p) => p.name !== 'cursor');
    }),
    want: want('parameter-removed', 'warning', 'shop.operations.GET /things.parameters.cursor', LIST),
  },
  {
    title: 'required field added to a body model',
    run: edit((s) => model(s, 'req').fields.push({ name: 'extra', type: 'string' })),
    want: want('request-field-added-required', 'error', 'shop.models.req.fields.extra', REQ),
  },
  {
    title: 'optional field added to a body model',
    run: edit((s) => model(s, 'req').fields.push({ name: 'extra', type: 'string', required: false })),
    want: want('request-field-added-optional', 'info', 'shop.models.req.fields.extra', REQ),
  },
  {
    title: 'req.note loses required: false',
    run: edit((s) => void delete field(s, 'req', 'note').required),
    want: want('request-field-became-required', 'error', 'shop.models.req.fields.note', REQ),
  },
  {
    title: 'req.note removed',
    run: edit((s) => removeField(s, 'req', 'note')),
    want: want('request-field-removed', 'warning', 'shop.models.req.fields.note', REQ),
  },
  {
    title: 'req.note string to uuid',
    run: edit((s) => {
      field(s, 'req', 'note').type = 'uuid';
    }),
    want: want('request-type-narrowed', 'error', 'shop.models.req.fields.note', REQ),
  },
  {
    title: 'req.count integer to string (unrelated)',
    run: edit((s) => {
      field(s, 'req', 'count').type = 'string';
    }),
    want: want('request-type-narrowed', 'error', 'shop.models.req.fields.count', REQ),
  },
  {
    title: 'parameter limit long to integer',
    run: edit(
      (s) => {
        parameter(s, 'GET', undefined, 'limit').type = 'integer';
      },
      () => {
        const s = baseSpec();
        parameter(s, 'GET', undefined, 'limit').type = 'long';
        return s;
      },
    ),
    want: want('request-type-narrowed', 'error', 'shop.operations.GET /things.parameters.limit', LIST),
  },
  {
    title: 'req.count integer to long',
    run: edit((s) => {
      field(s, 'req', 'count').type = 'long';
    }),
    want: want('request-type-widened', 'info', 'shop.models.req.fields.count', REQ),
  },
  {
    title: 'a value added to a request-only enum',
    run: edit((s) => enumDef(s, 'req_color').values.push({ name: 'yellow' })),
    want: want('request-type-widened', 'info', 'shop.enums.req_color.values.yellow', REQ),
  },
  {
    title: 'a value removed from a request-only enum',
    run: edit((s) => {
      enumDef(s, 'req_color').values = enumDef(s, 'req_color').values.filter((v) => v.name !== 'green');
    }),
    want: want('request-enum-value-removed', 'error', 'shop.enums.req_color.values.green', REQ),
  },
  {
    title: 'a value removed from an enum used by a query parameter',
    run: edit((s) => {
      enumDef(s, 'size').values = [{ name: 's' }];
    }),
    want: want('request-enum-value-removed', 'error', 'shop.enums.size.values.m', LIST),
  },
  {
    title: 'req.count maximum lowered',
    run: edit((s) => {
      field(s, 'req', 'count').maximum = 500;
    }),
    want: want('request-bound-tightened', 'error', 'shop.models.req.fields.count', REQ),
  },
  {
    title: 'req.note minimum added',
    run: edit((s) => {
      field(s, 'req', 'note').minimum = 1;
    }),
    want: want('request-bound-tightened', 'error', 'shop.models.req.fields.note', REQ),
  },
  {
    title: 'parameter limit minimum raised',
    run: edit((s) => {
      parameter(s, 'GET', undefined, 'limit').minimum = 5;
    }),
    want: want('request-bound-tightened', 'error', 'shop.operations.GET /things.parameters.limit', LIST),
  },
  {
    title: 'req.color default removed, now optional',
    run: edit((s) => {
      const f = field(s, 'req', 'color');
      delete f.default;
      f.required = false;
    }),
    want: want('request-default-removed', 'error', 'shop.models.req.fields.color', REQ),
  },
  {
    title: 'parameter limit default removed, now optional',
    run: edit((s) => {
      const p = parameter(s, 'GET', undefined, 'limit');
      delete p.default;
      p.required = false;
    }),
    want: want('request-default-removed', 'error', 'shop.operations.GET /things.parameters.limit', LIST),
  },
  {
    title: 'req.color default changed',
    run: edit((s) => {
      field(s, 'req', 'color').default = 'green';
    }),
    want: want('request-default-changed', 'warning', 'shop.models.req.fields.color', REQ),
  },
  {
    title: 'required res.title removed',
    run: edit((s) => removeField(s, 'res', 'title')),
    want: want('response-field-removed', 'error', 'shop.models.res.fields.title', RES),
  },
  {
    title: 'optional res.note removed (a warning)',
    run: edit((s) => removeField(s, 'res', 'note')),
    want: want('response-field-removed', 'warning', 'shop.models.res.fields.note', RES),
  },
  {
    title: 'res.title required: false',
    run: edit((s) => {
      field(s, 'res', 'title').required = false;
    }),
    want: want('response-field-became-optional', 'error', 'shop.models.res.fields.title', RES),
  },
  {
    title: 'field added to a response model',
    run: edit((s) => model(s, 'res').fields.push({ name: 'extra', type: 'string' })),
    want: want('response-field-added', 'info', 'shop.models.res.fields.extra', RES),
  },
  {
    title: 'res.count integer to long',
    run: edit((s) => {
      field(s, 'res', 'count').type = 'long';
    }),
    want: want('response-type-widened', 'error', 'shop.models.res.fields.count', RES),
  },
  {
    title: 'res.count integer to string (unrelated)',
    run: edit((s) => {
      field(s, 'res', 'count').type = 'string';
    }),
    want: want('response-type-widened', 'error', 'shop.models.res.fields.count', RES),
  },
  {
    title: 'a value added to a response-only enum',
    run: edit((s) => enumDef(s, 'res_color').values.push({ name: 'yellow' })),
    want: want('response-enum-value-added', 'warning', 'shop.enums.res_color.values.yellow', RES),
  },
  {
    title: 'a value removed from a response-only enum',
    run: edit((s) => {
      enumDef(s, 'res_color').values = enumDef(s, 'res_color').values.filter((v) => v.name !== 'green');
    }),
    want: want('response-enum-value-removed', 'warning', 'shop.enums.res_color.values.green', RES),
  },
  {
    title: 'res.count maximum raised',
    run: edit((s) => {
      field(s, 'res', 'count').maximum = 2000;
    }),
    want: want('response-bound-widened', 'error', 'shop.models.res.fields.count', RES),
  },
  {
    title: 'res.count minimum removed',
    run: edit((s) => void delete field(s, 'res', 'count').minimum),
    want: want('response-bound-widened', 'error', 'shop.models.res.fields.count', RES),
  },
  {
    title: 'req.note pattern added',
    run: edit((s) => {
      field(s, 'req', 'note').pattern = '^\\S';
    }),
    want: want('request-constraint-tightened', 'error', 'shop.models.req.fields.note', REQ),
  },
  {
    title: 'req.email format changed',
    run: edit((s) => {
      field(s, 'req', 'email').format = 'uri';
    }),
    want: want('request-constraint-tightened', 'error', 'shop.models.req.fields.email', REQ),
  },
  {
    title: 'req.code pattern changed (it may accept other values)',
    run: edit((s) => {
      field(s, 'req', 'code').pattern = '^[A-Z]{3,4}$';
    }),
    want: want('request-constraint-tightened', 'error', 'shop.models.req.fields.code', REQ),
  },
  {
    title: 'parameter cursor pattern added',
    run: edit((s) => {
      parameter(s, 'GET', undefined, 'cursor').pattern = '^[A-Za-z0-9_-]+$';
    }),
    want: want(
      'request-constraint-tightened',
      'error',
      'shop.operations.GET /things.parameters.cursor',
      LIST,
    ),
  },
  {
    title: 'req.code pattern removed',
    run: edit((s) => void delete field(s, 'req', 'code').pattern),
    want: want('request-constraint-loosened', 'info', 'shop.models.req.fields.code', REQ),
  },
  {
    title: 'req.email format removed',
    run: edit((s) => void delete field(s, 'req', 'email').format),
    want: want('request-constraint-loosened', 'info', 'shop.models.req.fields.email', REQ),
  },
  {
    title: 'res.email format removed',
    run: edit((s) => void delete field(s, 'res', 'email').format),
    want: want('response-constraint-loosened', 'error', 'shop.models.res.fields.email', RES),
  },
  {
    title: 'res.code pattern changed',
    run: edit((s) => {
      field(s, 'res', 'code').pattern = '^[A-Z]{2}$';
    }),
    want: want('response-constraint-loosened', 'error', 'shop.models.res.fields.code', RES),
  },
  {
    title: 'res.code pattern removed while a format is added',
    run: edit((s) => {
      const code = field(s, 'res', 'code');
      delete code.pattern;
      code.format = 'uuid';
    }),
    want: want('response-constraint-loosened', 'error', 'shop.models.res.fields.code', RES),
  },
  {
    title: 'res.note format added',
    run: edit((s) => {
      field(s, 'res', 'note').format = 'date';
    }),
    want: want('response-constraint-tightened', 'info', 'shop.models.res.fields.note', RES),
  },
  {
    title: 'req.price scale lowered',
    run: edit((s) => {
      field(s, 'req', 'price').scale = 1;
    }, withPrices),
    want: want('request-digits-tightened', 'error', 'shop.models.req.fields.price', REQ),
  },
  {
    title: 'req.price precision removed and scale added (one change, the tighter counts)',
    run: edit((s) => {
      const price = field(s, 'req', 'price');
      delete price.precision;
      price.scale = 0;
    }, withPrices),
    want: want('request-digits-tightened', 'error', 'shop.models.req.fields.price', REQ),
  },
  {
    title: 'parameter max_price precision added',
    run: edit((s) => {
      parameter(s, 'GET', undefined, 'max_price').precision = 8;
    }, withPrices),
    want: want('request-digits-tightened', 'error', 'shop.operations.GET /things.parameters.max_price', LIST),
  },
  {
    title: 'both.price scale lowered (the request side breaks; fewer digits sent is safe)',
    run: edit((s) => {
      field(s, 'both', 'price').scale = 1;
    }, withPrices),
    want: want('request-digits-tightened', 'error', 'shop.models.both.fields.price', op('PUT /pairs/:id')),
  },
  {
    title: 'res.price scale raised',
    run: edit((s) => {
      field(s, 'res', 'price').scale = 3;
    }, withPrices),
    want: want('response-digits-widened', 'error', 'shop.models.res.fields.price', RES),
  },
  {
    title: 'res.price precision removed',
    run: edit((s) => void delete field(s, 'res', 'price').precision, withPrices),
    want: want('response-digits-widened', 'error', 'shop.models.res.fields.price', RES),
  },
  {
    title: 'ignore_case turned on for the unique index on res.code',
    run: edit((s) => {
      const index = resource(s, 'res').storage?.indexes?.[0];
      if (index) index.ignore_case = true;
    }, withCodeIndex(false)),
    want: want('index-ignore-case-changed', 'error', 'shop.resources.res.indexes.code', {
      sides: ['request', 'response'],
      operations: RES_RESOURCE_OPS,
    }),
  },
  {
    title: 'ignore_case turned off',
    run: edit((s) => {
      const index = resource(s, 'res').storage?.indexes?.[0];
      if (index) index.ignore_case = false;
    }, withCodeIndex(true)),
    want: want('index-ignore-case-changed', 'error', 'shop.resources.res.indexes.code', {
      sides: ['request', 'response'],
      operations: RES_RESOURCE_OPS,
    }),
  },
  {
    title: 'list_shards of res set to 4 where the default (8) applied',
    run: edit((s) => {
      resource(s, 'res').storage = { list_shards: 4 };
    }, withListShards(undefined)),
    want: want('list-shards-changed', 'error', 'shop.resources.res', {
      sides: ['request', 'response'],
      operations: RES_RESOURCE_OPS,
    }),
  },
  {
    title: 'list_shards of res left out where 16 was declared',
    run: edit((s) => {
      resource(s, 'res').storage = {};
    }, withListShards(16)),
    want: want('list-shards-changed', 'error', 'shop.resources.res', {
      sides: ['request', 'response'],
      operations: RES_RESOURCE_OPS,
    }),
  },
  {
    title: 'resource res id_prefix declared unlike the derived "res"',
    run: edit((s) => {
      resource(s, 'res').id_prefix = 'thg';
    }),
    want: want('resource-id-prefix-changed', 'error', 'shop.resources.res', {
      sides: ['request', 'response'],
      operations: RES_RESOURCE_OPS,
    }),
  },
  {
    title: 'a 2xx removed',
    run: edit((s) => void delete operation(s, 'POST').responses['201']),
    want: want(
      'response-status-removed',
      'error',
      'shop.operations.POST /things.responses.201',
      op('POST /things', ['response']),
    ),
  },
  {
    title: 'a 4xx removed (info)',
    run: edit((s) => void delete operation(s, 'POST').responses['422']),
    want: want(
      'response-status-removed',
      'info',
      'shop.operations.POST /things.responses.422',
      op('POST /things', ['response']),
    ),
  },
  {
    title: 'a 409 added',
    run: edit((s) => {
      operation(s, 'POST').responses['409'] = { type: 'generic_error' };
    }),
    want: want(
      'response-status-added',
      'info',
      'shop.operations.POST /things.responses.409',
      op('POST /things', ['response']),
    ),
  },
  {
    title: '200 res to an unrelated model',
    run: edit((s) => {
      operation(s, 'GET', '/:id').responses['200'] = { type: 'both' };
    }),
    want: want(
      'response-type-changed',
      'error',
      'shop.operations.GET /things/:id.responses.200',
      op('GET /things/:id', ['response']),
    ),
  },
  {
    title: '200 res widened to object',
    run: edit((s) => {
      operation(s, 'GET', '/:id').responses['200'] = { type: 'object' };
    }),
    want: want(
      'response-type-changed',
      'error',
      'shop.operations.GET /things/:id.responses.200',
      op('GET /things/:id', ['response']),
    ),
  },
  {
    title: 'a resource stops publishing deleted',
    run: edit((s) => {
      resource(s, 'res').events = ['upserted'];
    }),
    want: want('event-removed', 'error', 'shop.resources.res.events.deleted', NONE),
  },
  {
    title: 'a stored resource with its events list dropped publishes both',
    run: edit((s) => void delete resource(s, 'gadget').events),
    want: want('event-added', 'info', 'shop.resources.gadget.events.deleted', NONE),
  },
  {
    title: 'res.email loses personal_data',
    run: edit((s) => {
      field(s, 'res', 'email').annotations = [];
    }),
    want: want('personal-data-annotation-removed', 'error', 'shop.models.res.fields.email', RES),
  },
  {
    title: 'parameter email loses personal_data',
    run: edit((s) => void delete parameter(s, 'GET', undefined, 'email').annotations),
    want: want(
      'personal-data-annotation-removed',
      'error',
      'shop.operations.GET /things.parameters.email',
      LIST,
    ),
  },
  {
    title: 'deprecated required response field removed (was response-field-removed error)',
    run: edit((s) => removeField(s, 'res', 'legacy')),
    want: want('deprecated-removed', 'warning', 'shop.models.res.fields.legacy', RES),
  },
  {
    title: 'deprecated operation removed (was operation-removed error)',
    run: edit((s) => removeOperation(s, 'DELETE', '/:id')),
    want: want(
      'deprecated-removed',
      'warning',
      'shop.operations.DELETE /things/:id',
      op('DELETE /things/:id'),
    ),
  },
  {
    title: 'deprecated parameter removed (was parameter-removed warning)',
    run: edit((s) => {
      const o = operation(s, 'GET');
      o.parameters = o.parameters?.filter((p) => p.name !== 'legacy_filter');
    }),
    want: want('deprecated-removed', 'warning', 'shop.operations.GET /things.parameters.legacy_filter', LIST),
  },
  {
    title: 'deprecated enum value removed (was request-enum-value-removed error)',
    run: edit((s) => {
      enumDef(s, 'req_color').values = enumDef(s, 'req_color').values.filter((v) => v.name !== 'blue');
    }),
    want: want('deprecated-removed', 'warning', 'shop.enums.req_color.values.blue', REQ),
  },
  {
    title: 'of the service',
    run: edit((s) => {
      s.description = 'Sells things, and more.';
    }),
    want: want('description-changed', 'info', 'shop', NONE),
  },
  {
    title: 'of a model',
    run: edit((s) => {
      model(s, 'res').description = 'Another text.';
    }),
    want: want('description-changed', 'info', 'shop.models.res', RES),
  },
  {
    title: 'of a field (removed)',
    run: edit((s) => void delete field(s, 'res', 'title').description),
    want: want('description-changed', 'info', 'shop.models.res.fields.title', RES),
  },
  {
    title: 'of an enum',
    run: edit((s) => {
      enumDef(s, 'res_color').description = 'Another text.';
    }),
    want: want('description-changed', 'info', 'shop.enums.res_color', RES),
  },
  {
    title: 'of an enum value (added)',
    run: edit((s) => {
      const green = enumDef(s, 'res_color').values[1];
      if (green) green.description = 'Green.';
    }),
    want: want('description-changed', 'info', 'shop.enums.res_color.values.green', RES),
  },
  {
    title: 'of a resource',
    run: edit((s) => {
      resource(s, 'res').description = 'Another text.';
    }),
    want: want('description-changed', 'info', 'shop.resources.res', {
      sides: ['request', 'response'],
      operations: RES_RESOURCE_OPS,
    }),
  },
  {
    title: 'of an operation',
    run: edit((s) => {
      operation(s, 'GET', '/:id').description = 'Another text.';
    }),
    want: want('description-changed', 'info', 'shop.operations.GET /things/:id', op('GET /things/:id')),
  },
  {
    title: 'of a parameter',
    run: edit((s) => {
      parameter(s, 'GET', undefined, 'limit').description = 'Another text.';
    }),
    want: want('description-changed', 'info', 'shop.operations.GET /things.parameters.limit', LIST),
  },
];

const DOES_NOT_FIRE: DoesNotFire[] = [
  {
    rule: 'service-renamed',
    title: 'only the description changed',
    run: edit((s) => {
      s.description = 'x';
    }),
    reported: ['description-changed'],
  },
  {
    rule: 'service-removed',
    title: 'the spec is unchanged',
    run: () => diffSpec(load(baseSpec()), load(baseSpec())),
    reported: [],
  },
  {
    rule: 'service-added',
    title: 'the spec exists at neither side',
    run: () => diffSpec(undefined, undefined),
    reported: [],
  },
  {
    rule: 'resource-removed',
    title: 'the resource stays, its only operation goes',
    run: edit((s) => removeOperation(s, 'GET', '/:id', 'gadget')),
    reported: ['operation-removed'],
  },
  {
    rule: 'operation-removed',
    title: 'a path parameter is renamed (paths match ignoring parameter names)',
    run: edit((s) => {
      operation(s, 'GET', '/:id').path = '/:thing_id';
    }),
    reported: [],
  },
  {
    rule: 'operation-added',
    title: 'operations are reordered',
    run: edit((s) => void resource(s, 'res').operations.reverse()),
    reported: [],
  },
  {
    rule: 'operation-auth-tightened',
    title: 'the default auth is spelt out',
    run: edit((s) => {
      operation(s, 'POST').auth = 'iam';
    }),
    reported: [],
  },
  {
    rule: 'operation-auth-loosened',
    title: 'auth stays none',
    run: edit((s) => {
      operation(s, 'GET', '/:id').description = 'x';
    }),
    reported: ['description-changed'],
  },
  {
    rule: 'body-added',
    title: 'the existing body gets a description',
    run: edit((s) => {
      operation(s, 'POST').body = { type: 'req', description: 'The thing.' };
    }),
    reported: ['description-changed'],
  },
  {
    rule: 'body-type-changed',
    title: 'the body is widened to object',
    run: edit((s) => {
      operation(s, 'POST').body = { type: 'object' };
    }),
    reported: ['request-type-widened'],
  },
  {
    rule: 'parameter-added-required',
    title: 'the new required parameter has a default',
    run: edit((s) => operation(s, 'GET').parameters?.push({ name: 'page', type: 'integer', default: 1 })),
    reported: ['parameter-added-optional'],
  },
  {
    rule: 'parameter-added-optional',
    title: 'a path parameter renamed is the same parameter',
    run: edit((s) => {
      operation(s, 'PUT', '/:id', 'both').path = '/:pair_id';
    }),
    reported: [],
  },
  {
    rule: 'parameter-became-required',
    title: 'required but with a default',
    run: edit((s) => {
      const p = parameter(s, 'GET', undefined, 'cursor');
      delete p.required;
      p.default = '';
    }),
    reported: [],
  },
  {
    rule: 'parameter-removed',
    title: 'the removed parameter was deprecated',
    run: edit((s) => {
      const o = operation(s, 'GET');
      o.parameters = o.parameters?.filter((p) => p.name !== 'legacy_filter');
    }),
    reported: ['deprecated-removed'],
  },
  {
    rule: 'request-field-added-required',
    title: 'the new field has a default',
    run: edit((s) => model(s, 'req').fields.push({ name: 'extra', type: 'string', default: 'x' })),
    reported: ['request-field-added-optional'],
  },
  {
    rule: 'request-field-added-optional',
    title: 'the field is added to a response-only model',
    run: edit((s) => model(s, 'res').fields.push({ name: 'extra', type: 'string', required: false })),
    reported: ['response-field-added'],
  },
  {
    rule: 'request-field-became-required',
    title: 'on a response-only model (safe)',
    run: edit((s) => void delete field(s, 'res', 'note').required),
    reported: [],
  },
  {
    rule: 'request-field-removed',
    title: 'the removed request field was deprecated',
    run: edit((s) => removeField(s, 'req', 'legacy')),
    reported: ['deprecated-removed'],
  },
  {
    rule: 'request-type-narrowed',
    title: 'narrowed on a response-only model (safe)',
    run: edit((s) => {
      field(s, 'res', 'note').type = 'uuid';
    }),
    reported: [],
  },
  {
    rule: 'request-type-widened',
    title: 'widened on a response-only model',
    run: edit((s) => {
      field(s, 'res', 'count').type = 'long';
    }),
    reported: ['response-type-widened'],
  },
  {
    rule: 'request-enum-value-removed',
    title: 'removed from a response-only enum',
    run: edit((s) => {
      enumDef(s, 'res_color').values = enumDef(s, 'res_color').values.filter((v) => v.name !== 'green');
    }),
    reported: ['response-enum-value-removed'],
  },
  {
    rule: 'request-bound-tightened',
    title: 'the maximum is raised',
    run: edit((s) => {
      field(s, 'req', 'count').maximum = 2000;
    }),
    reported: [],
  },
  {
    rule: 'request-default-removed',
    title: 'a default is added',
    run: edit((s) => {
      field(s, 'req', 'note').default = 'x';
    }),
    reported: [],
  },
  {
    rule: 'request-default-changed',
    title: 'the default changes on a response-only model',
    run: edit((s) => {
      field(s, 'res', 'color').default = 'green';
    }),
    reported: [],
  },
  {
    rule: 'response-field-removed',
    title: 'removed from a request-only model',
    run: edit((s) => removeField(s, 'req', 'title')),
    reported: ['request-field-removed'],
  },
  {
    rule: 'response-field-became-optional',
    title: 'on a request-only model (safe)',
    run: edit((s) => {
      field(s, 'req', 'title').required = false;
    }),
    reported: [],
  },
  {
    rule: 'response-field-added',
    title: 'added to a request-only model',
    run: edit((s) => model(s, 'req').fields.push({ name: 'extra', type: 'string', required: false })),
    reported: ['request-field-added-optional'],
  },
  {
    rule: 'response-type-widened',
    title: 'narrowed on a response-only model (safe)',
    run: edit((s) => {
      field(s, 'res', 'title').type = 'uuid';
    }),
    reported: [],
  },
  {
    rule: 'response-enum-value-added',
    title: 'added to a request-only enum',
    run: edit((s) => enumDef(s, 'req_color').values.push({ name: 'yellow' })),
    reported: ['request-type-widened'],
  },
  {
    rule: 'response-enum-value-removed',
    title: 'removed from a request-only enum',
    run: edit((s) => {
      enumDef(s, 'req_color').values = enumDef(s, 'req_color').values.filter((v) => v.name !== 'green');
    }),
    reported: ['request-enum-value-removed'],
  },
  {
    rule: 'response-bound-widened',
    title: 'the maximum is lowered on a response-only model (safe)',
    run: edit((s) => {
      field(s, 'res', 'count').maximum = 500;
    }),
    reported: [],
  },
  {
    rule: 'request-constraint-tightened',
    title: 'a pattern added on a response-only model',
    run: edit((s) => {
      field(s, 'res', 'note').pattern = '^a';
    }),
    reported: ['response-constraint-tightened'],
  },
  {
    rule: 'request-constraint-loosened',
    title: 'a pattern removed on a response-only model',
    run: edit((s) => void delete field(s, 'res', 'code').pattern),
    reported: ['response-constraint-loosened'],
  },
  {
    rule: 'response-constraint-loosened',
    title: 'a format removed on a request-only model',
    run: edit((s) => void delete field(s, 'req', 'email').format),
    reported: ['request-constraint-loosened'],
  },
  {
    rule: 'response-constraint-tightened',
    title: 'a pattern added on a request-only model',
    run: edit((s) => {
      field(s, 'req', 'note').pattern = '^a';
    }),
    reported: ['request-constraint-tightened'],
  },
  {
    rule: 'request-digits-tightened',
    title: 'a scale raised and a precision removed on a request-only model (more accepted)',
    run: edit((s) => {
      const price = field(s, 'req', 'price');
      price.scale = 3;
      delete price.precision;
    }, withPrices),
    reported: [],
  },
  {
    rule: 'request-digits-tightened',
    title: 'a decimal field with digits added (a new optional field)',
    run: edit((s) => {
      model(s, 'req').fields.push({ name: 'tip', type: 'decimal', required: false, scale: 2 });
    }),
    reported: ['request-field-added-optional'],
  },
  {
    rule: 'response-digits-widened',
    title: 'a scale lowered and a precision added on a response-only model (fewer sent)',
    run: edit((s) => {
      const price = field(s, 'res', 'price');
      price.scale = 0;
      price.precision = 5;
    }, withPrices),
    reported: [],
  },
  {
    rule: 'response-digits-widened',
    title: 'a scale raised on a request-only model',
    run: edit((s) => {
      field(s, 'req', 'price').scale = 3;
    }, withPrices),
    reported: [],
  },
  {
    rule: 'index-ignore-case-changed',
    title: 'an index that ignores case is added (storage: not on the wire)',
    run: edit((s) => {
      resource(s, 'res').storage = { indexes: [{ fields: ['code'], unique: true, ignore_case: true }] };
    }),
    reported: [],
  },
  {
    rule: 'index-ignore-case-changed',
    title: 'ignore_case: false written out where it was left out',
    run: edit((s) => {
      const index = resource(s, 'res').storage?.indexes?.[0];
      if (index) index.ignore_case = false;
    }, withCodeIndex(false)),
    reported: [],
  },
  {
    rule: 'index-ignore-case-changed',
    title: 'an index that ignores case is removed',
    run: edit((s) => {
      resource(s, 'res').storage = {};
    }, withCodeIndex(true)),
    reported: [],
  },
  {
    rule: 'list-shards-changed',
    title: 'the default list_shards (8) declared',
    run: edit((s) => {
      resource(s, 'res').storage = { list_shards: 8 };
    }, withListShards(undefined)),
    reported: [],
  },
  {
    rule: 'list-shards-changed',
    title: 'storage with list_shards added to a resource that had none',
    run: edit(
      (s) => {
        resource(s, 'res').storage = { list_shards: 2 };
      },
      () => {
        const s = baseSpec();
        delete resource(s, 'res').storage;
        return s;
      },
    ),
    reported: [],
  },
  {
    rule: 'resource-id-prefix-changed',
    title: 'the derived prefixes declared ("res" of res, "bth" of both)',
    run: edit((s) => {
      resource(s, 'res').id_prefix = 'res';
      resource(s, 'both').id_prefix = 'bth';
    }),
    reported: [],
  },
  {
    rule: 'response-status-removed',
    title: 'only the description of a status changes',
    run: edit((s) => {
      operation(s, 'POST').responses['201'] = { type: 'res', description: 'Created.' };
    }),
    reported: ['description-changed'],
  },
  {
    rule: 'response-status-added',
    title: 'statuses are reordered',
    run: edit((s) => {
      operation(s, 'POST').responses = { '422': { type: 'generic_error' }, '201': { type: 'res' } };
    }),
    reported: [],
  },
  {
    rule: 'response-type-changed',
    title: 'a response type is narrowed (object to a model)',
    run: edit(
      (s) => {
        operation(s, 'GET', '/:id').responses['200'] = { type: 'res' };
      },
      () => {
        const s = baseSpec();
        operation(s, 'GET', '/:id').responses['200'] = { type: 'object' };
        return s;
      },
    ),
    reported: [],
  },
  {
    rule: 'event-removed',
    title: 'a stored resource drops its explicit list of both events',
    run: edit((s) => void delete resource(s, 'res').events),
    reported: [],
  },
  {
    rule: 'event-added',
    title: 'the events are reordered',
    run: edit((s) => {
      resource(s, 'res').events = ['deleted', 'upserted'];
    }),
    reported: [],
  },
  {
    rule: 'personal-data-annotation-removed',
    title: 'personal_data is added',
    run: edit((s) => {
      field(s, 'req', 'note').annotations = ['personal_data'];
    }),
    reported: [],
  },
  {
    rule: 'deprecated-removed',
    title: 'the removed field was not deprecated',
    run: edit((s) => removeField(s, 'res', 'title')),
    reported: ['response-field-removed'],
  },
  {
    rule: 'description-changed',
    title: 'only an example changes',
    run: edit((s) => {
      field(s, 'res', 'title').example = 'A title';
    }),
    reported: [],
  },
];

describe('every rule fires', () => {
  it.each(FIRES.map((c) => [c.want.rule, c.title, c] as const))('%s: %s', (_rule, _title, c) => {
    expect(c.run().map(summary)).toEqual([c.want]);
  });
});

describe('every rule stays quiet where it must', () => {
  it.each(DOES_NOT_FIRE.map((c) => [c.rule, c.title, c] as const))('%s: %s', (_rule, _title, c) => {
    const rules = c.run().map((change) => change.rule);
    expect(rules).not.toContain(c.rule);
    expect(rules.sort()).toEqual([...c.reported].sort());
  });
});

describe('the tables cover the policy', () => {
  // Rules about files rather than specs, tested through diffProject (diff.test.ts).
  const diffProjectOnly = new Set(['unused-allow-entry', 'spec-does-not-load', 'base-spec-does-not-load']);
  it.each(RULE_IDS.filter((id) => !diffProjectOnly.has(id)))(
    '%s has a firing case and a quiet case',
    (id) => {
      expect(FIRES.some((c) => c.want.rule === id)).toBe(true);
      expect(DOES_NOT_FIRE.some((c) => c.rule === id)).toBe(true);
    },
  );
});

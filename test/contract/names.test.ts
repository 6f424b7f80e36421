import { openApiDocument, openApiPath } from '../../lib/codegen/openapi';
import { allOperations } from '../../lib/contract/model';
import {
  apiUrlVariable,
  camelCase,
  clientClassName,
  constantCase,
  derivedOperationIds,
  detailType,
  detailTypeConstant,
  enumValuesConstant,
  eventSource,
  finderName,
  idGuardName,
  idPrefixConstant,
  isReservedOperationName,
  maxLengthConstant,
  operationIds,
  pascalCase,
  pluralize,
  repositoryClassName,
  resourceIdPrefix,
  SYSTEM,
  schemaName,
  shapeOperationId,
  variableName,
} from '../../lib/contract/names';
import type { Operation, Spec } from '../../lib/contract/schema';
import { fixtureSpecText, referenceSpecs, validSpecs } from '../codegen/helpers';

describe('case conversions', () => {
  it.each([
    // given, pascal, camel, constant
    ['user', 'User', 'user', 'USER'],
    ['line_item', 'LineItem', 'lineItem', 'LINE_ITEM'],
    ['user_status', 'UserStatus', 'userStatus', 'USER_STATUS'],
    ['a_b_c', 'ABC', 'aBC', 'A_B_C'],
    ['item2', 'Item2', 'item2', 'ITEM2'],
    ['item_2x', 'Item2x', 'item2x', 'ITEM_2X'],
    ['kitchen_sink', 'KitchenSink', 'kitchenSink', 'KITCHEN_SINK'],
    ['by-number', 'ByNumber', 'byNumber', 'BY_NUMBER'],
  ])('%s → %s, %s, %s', (given, pascal, camel, constant) => {
    expect(pascalCase(given)).toBe(pascal);
    expect(camelCase(given)).toBe(camel);
    expect(constantCase(given)).toBe(constant);
  });
});

describe('pluralize', () => {
  it.each([
    ['User', 'Users'],
    ['Order', 'Orders'],
    ['Notification', 'Notifications'],
    ['Category', 'Categories'],
    ['Key', 'Keys'],
    ['Status', 'Statuses'],
    ['Box', 'Boxes'],
    ['Quiz', 'Quizes'],
    ['Batch', 'Batches'],
    ['Wish', 'Wishes'],
    ['LineItem', 'LineItems'],
    ['Entry', 'Entries'],
  ])('%s → %s', (given, want) => {
    expect(pluralize(given)).toBe(want);
  });
});

describe('identifier names', () => {
  it.each([
    ['user_id', 'userId'],
    ['email', 'email'],
    ['class', 'classValue'],
    ['new', 'newValue'],
    ['default', 'defaultValue'],
    ['undefined', 'undefinedValue'],
    ['2fa', '_2fa'],
  ])('variable name of %s is %s', (given, want) => {
    expect(variableName(given)).toBe(want);
  });

  it.each([
    [['email'], true, 'findByEmail'],
    [['user_id'], false, 'findAllByUserId'],
    [['tenant_id', 'email'], true, 'findByTenantIdAndEmail'],
    [['color_key', 'count'], false, 'findAllByColorKeyAndCount'],
  ] as const)('finder of %j (unique %s) is %s', (fields, unique, want) => {
    expect(finderName(fields, unique)).toBe(want);
  });

  it('names the generated constants, classes and variables', () => {
    expect(enumValuesConstant('user_status')).toBe('USER_STATUS_VALUES');
    expect(schemaName('line_item')).toBe('lineItemSchema');
    expect(clientClassName('users')).toBe('UsersClient');
    expect(clientClassName('kitchen_sink')).toBe('KitchenSinkClient');
    expect(apiUrlVariable('users')).toBe('USERS_API_URL');
    expect(apiUrlVariable('kitchen_sink')).toBe('KITCHEN_SINK_API_URL');
    expect(repositoryClassName('line_item')).toBe('LineItemRepository');
    expect(detailTypeConstant('user', 'upserted')).toBe('USER_UPSERTED');
    expect(detailTypeConstant('line_item', 'deleted')).toBe('LINE_ITEM_DELETED');
  });

  it('names events after the system, the service and the resource', () => {
    expect(SYSTEM).toBe('tributary');
    expect(eventSource('users')).toBe('tributary.users');
    expect(detailType('user', 'upserted')).toBe('user.upserted');
  });
});

/** A one-resource spec with the given operations (structure only: ids need no validation). */
function specWith(resource: string, path: string | undefined, operations: Operation[]): Spec {
  return {
    name: 'svc',
    resources: { [resource]: { ...(path === undefined ? {} : { path }), operations } },
  };
}

const ok = { '200': { type: 'unit' } };

describe('operation ids', () => {
  it.each([
    // method, resource path ('' = default /users), operation path ('' = none), want
    ['GET', '', '/:id', 'getUser'],
    ['GET', '', '', 'listUsers'],
    ['POST', '', '', 'createUser'],
    ['PUT', '', '/:id', 'replaceUser'],
    ['PATCH', '', '/:id', 'updateUser'],
    ['DELETE', '', '/:id', 'deleteUser'],
    ['GET', '/people', '/:person_id', 'getUser'],
    ['POST', '', '/:id/confirm', 'postUsersByIdConfirm'],
    ['GET', '', '/:id/orders', 'getUsersByIdOrders'],
    ['GET', '', '/by-email/:email', 'getUsersByEmailByEmail'],
    ['PUT', '', '', 'putUsers'],
    ['DELETE', '', '', 'deleteUsers'],
    ['POST', '', '/:id', 'postUsersById'],
    ['GET', '/tenants/:tenant_id/users', '', 'listUsers'],
    ['GET', '/tenants/:tenant_id/users', '/:id', 'getUser'],
  ] as const)('%s %s %s → %s', (method, resourcePath, path, want) => {
    const operation: Operation = { method, responses: ok, ...(path === '' ? {} : { path }) };
    const spec = specWith('user', resourcePath === '' ? undefined : resourcePath, [operation]);
    expect([...operationIds(spec).values()]).toEqual([want]);
  });

  it('pluralizes the resource of a list', () => {
    const spec = specWith('category', undefined, [{ method: 'GET', responses: ok }]);
    expect([...operationIds(spec).values()]).toEqual(['listCategories']);
  });

  it('numbers a clash, in path order', () => {
    expect(shapeOperationId('POST', '/a-b')).toBe(shapeOperationId('POST', '/a_b'));
    const spec: Spec = {
      name: 'svc',
      resources: {
        thing: {
          path: '/things',
          operations: [
            { method: 'POST', path: '/a_b', responses: ok },
            { method: 'POST', path: '/a-b', responses: ok },
          ],
        },
      },
    };
    expect(Object.fromEntries(operationIds(spec))).toEqual({
      'POST /things/a-b': 'postThingsAB',
      'POST /things/a_b': 'postThingsAB2',
    });
  });

  it('takes a declared name as the id, and numbers derived ids around declared ones', () => {
    const spec: Spec = {
      name: 'svc',
      resources: {
        thing: {
          path: '/things',
          operations: [
            { method: 'PUT', path: '/:id/count', name: 'countThing', responses: ok },
            { method: 'POST', path: '/a_b', name: 'postThingsAB', responses: ok },
            { method: 'POST', path: '/a-b', responses: ok },
            { method: 'GET', path: '/:id', responses: ok },
          ],
        },
      },
    };
    expect(Object.fromEntries(operationIds(spec))).toEqual({
      'GET /things/:id': 'getThing',
      'POST /things/a-b': 'postThingsAB2',
      'POST /things/a_b': 'postThingsAB',
      'PUT /things/:id/count': 'countThing',
    });
    // The validator compares names with the ids the others derive without them.
    expect(Object.fromEntries(derivedOperationIds(spec))).toEqual({
      'GET /things/:id': 'getThing',
      'POST /things/a-b': 'postThingsAB',
    });
  });

  it('gives the same ids as the OpenAPI document', () => {
    /** The operationId the generated document gives each operation, read from its paths. */
    const documentIds = (spec: Spec): ReadonlyMap<string, unknown> => {
      const paths = openApiDocument(spec).paths as Record<string, Record<string, { operationId?: unknown }>>;
      return new Map(
        allOperations(spec).map((op) => [
          op.key,
          paths[openApiPath(op.path)]?.[op.operation.method.toLowerCase()]?.operationId,
        ]),
      );
    };
    const specs = [...referenceSpecs(), ...validSpecs([fixtureSpecText('kitchen_sink')])];
    expect(specs.length).toBeGreaterThan(3);
    for (const { spec } of specs) {
      const ids = operationIds(spec);
      expect(ids.size).toBeGreaterThan(0);
      expect(documentIds(spec)).toEqual(ids);
    }
  });
});

describe('operation names', () => {
  it.each([
    ['delete', true],
    ['new', true],
    ['constructor', true],
    ['default', true],
    ['countStockItem', false],
    ['deleteUser', false],
  ])('%s reserved: %s', (name, reserved) => {
    expect(isReservedOperationName(name)).toBe(reserved);
  });
});

describe('id prefixes and spec constants', () => {
  it('takes a declared id prefix, else derives one from the name', () => {
    expect(resourceIdPrefix('stock_item', {})).toBe('stc');
    expect(resourceIdPrefix('stock_item', { id_prefix: 'stk' })).toBe('stk');
    expect(resourceIdPrefix('user', { id_prefix: undefined })).toBe('usr');
  });

  it('names the constants domain code imports', () => {
    expect(idPrefixConstant('stock_item')).toBe('STOCK_ITEM_ID_PREFIX');
    expect(idGuardName('stock_item')).toBe('isStockItemId');
    expect(maxLengthConstant('user', 'email')).toBe('USER_EMAIL_MAX_LENGTH');
    expect(maxLengthConstant('user_form', 'first_name')).toBe('USER_FORM_FIRST_NAME_MAX_LENGTH');
  });
});

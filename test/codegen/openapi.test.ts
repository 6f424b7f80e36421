/**
 * The OpenAPI documents of the reference specs, checked with real validators: the OpenAPI 3.1
 * schema (@seriousme/openapi-schema-validator), every $ref, and every component schema compiled
 * as strict JSON Schema 2020-12. The transforms have their own tests (openapi-*.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { openApiDocument } from '../../lib/codegen/openapi';
import { discoverSpecFiles } from '../../lib/contract/files';
import { type Resource, type Spec, STRING_FORMATS } from '../../lib/contract/schema';
import { matchesFormat } from '../../lib/contract/string-format';
import { validateSpecFiles, validateSpecTexts } from '../../lib/contract/validate/validate';
import { thingSpec } from './openapi-helpers';

const ROOT = join(__dirname, '..', '..');

// --- The reference specs, checked with real validators --------------------------------------

interface ValidatorResult {
  readonly valid: boolean;
  readonly version?: string;
  readonly errors: unknown;
}

/**
 * Runs @seriousme/openapi-schema-validator on each document. It is ESM only (it locates its
 * schemas with import.meta.url), which Jest's CommonJS runtime cannot load, so it runs in a
 * plain Node child process.
 */
function validateOpenApi(documents: readonly unknown[]): ValidatorResult[] {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const results = [];
    for (const document of JSON.parse(input)) {
      const validator = new Validator();
      const result = await validator.validate(document);
      results.push({ valid: result.valid, version: validator.version, errors: result.errors ?? null });
    }
    process.stdout.write(JSON.stringify(results));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    input: JSON.stringify(documents),
    encoding: 'utf8',
  });
  return JSON.parse(output) as ValidatorResult[];
}

function referenceSpecs() {
  const files = discoverSpecFiles(ROOT).map((file) => join(ROOT, file));
  const result = validateSpecFiles(files);
  if (result.diagnostics.length > 0 || result.valid.length !== files.length) {
    throw new Error(`the reference specs do not validate: ${JSON.stringify(result.diagnostics)}`);
  }
  return result.valid;
}

/** Every `$ref` in the document, with whether its JSON pointer resolves inside the document. */
function refsOf(document: unknown): Array<{ ref: string; resolves: boolean }> {
  const out: Array<{ ref: string; resolves: boolean }> = [];
  const resolve = (ref: string): boolean => {
    if (!ref.startsWith('#/')) return false;
    let node: unknown = document;
    for (const token of ref.slice(2).split('/')) {
      const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
      if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
      node = (node as Record<string, unknown>)[key];
    }
    return true;
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') out.push({ ref: value, resolves: resolve(value) });
        else walk(value);
      }
    }
  };
  walk(document);
  return out;
}

/** A strict JSON Schema 2020-12 compiler over the document's component schemas. */
function schemaCompiler(document: any, id: string) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  for (const keyword of ['x-personal-data', 'x-enum-descriptions', 'x-minimum', 'x-maximum'])
    ajv.addKeyword({ keyword });
  ajv.addVocabulary(['components']);
  for (const format of ['int32', 'int64', 'double', 'decimal']) ajv.addFormat(format, true);
  // The string formats, checked as the generated code checks them (lib/contract/string-format.ts).
  for (const format of STRING_FORMATS)
    ajv.addFormat(format, { type: 'string', validate: (value: string) => matchesFormat(format, value) });
  ajv.addSchema({ $id: id, components: { schemas: document.components.schemas } });
  return (name: string) => {
    const validate = ajv.getSchema(`${id}#/components/schemas/${name}`);
    if (!validate) throw new Error(`no schema ${name}`);
    return validate;
  };
}

/** Why a schema refused the value it was last given: `<instance path>: <keyword>[ <missing property>]` per error. */
function why(validate: { errors?: ReadonlyArray<ErrorObject> | null }): string[] {
  return (validate.errors ?? []).map((error) => {
    const missing = error.keyword === 'required' ? ` ${String(error.params.missingProperty)}` : '';
    return `${error.instancePath}: ${error.keyword}${missing}`;
  });
}

/** The spec with every record's keys in reverse order; lists (ordered) untouched. */
function reversedRecords(spec: Spec): Spec {
  const reverse = <T>(record: Record<string, T> | undefined) =>
    record === undefined ? undefined : Object.fromEntries(Object.entries(record).reverse());
  const resources = Object.entries(spec.resources ?? {}).map(([name, resource]): [string, Resource] => [
    name,
    {
      ...resource,
      operations: resource.operations.map((operation) => ({
        ...operation,
        responses: reverse(operation.responses) ?? {},
      })),
    },
  ]);
  return {
    ...spec,
    annotations: reverse(spec.annotations),
    enums: reverse(spec.enums),
    models: reverse(spec.models),
    resources: Object.fromEntries(resources.reverse()),
  };
}

describe('the reference specs', () => {
  const specs = referenceSpecs();
  const documents = specs.map(({ spec }) => openApiDocument(spec));

  it('each produce a valid OpenAPI 3.1 document', () => {
    const results = validateOpenApi(documents);
    expect(results).toEqual(documents.map(() => ({ valid: true, version: '3.1', errors: null })));
  });

  it.each(specs.map((loaded, i) => [loaded.spec.name, documents[i]] as const))(
    '%s: every $ref resolves',
    (_name, document) => {
      const refs = refsOf(document);
      expect(refs.length).toBeGreaterThan(0);
      expect(refs.filter((r) => !r.resolves)).toEqual([]);
    },
  );

  it.each(specs.map((loaded, i) => [loaded.spec.name, loaded.spec, documents[i] as any] as const))(
    '%s: component schemas compile as strict JSON Schema 2020-12 and accept the spec defaults and examples',
    (name, spec, document) => {
      const schemaOf = schemaCompiler(document, `https://tributary.dev/openapi/${name}`);
      for (const schemaName of Object.keys(document.components.schemas))
        expect(schemaOf(schemaName).errors).toBeNull();
      let defaults = 0;
      for (const [modelName, model] of Object.entries(spec.models ?? {})) {
        for (const field of model.fields) {
          if (field.default === undefined) continue;
          const fieldSchema = schemaOf(`${modelName}/properties/${field.name}`);
          expect(document.components.schemas[modelName].properties[field.name].default).toEqual(
            field.default,
          );
          expect([field.name, fieldSchema(field.default)]).toEqual([field.name, true]);
          defaults++;
        }
      }
      // Spectral checks `default`s but not JSON Schema `examples`: they are checked here.
      for (const [schemaName, schema] of Object.entries<any>(document.components.schemas)) {
        for (const [field, property] of Object.entries<any>(schema.properties ?? {})) {
          for (const example of property.examples ?? []) {
            const fieldSchema = schemaOf(`${schemaName}/properties/${field}`);
            expect([schemaName, field, example, fieldSchema(example)]).toEqual([
              schemaName,
              field,
              example,
              true,
            ]);
          }
        }
      }
      if (name !== 'notifications') expect(defaults).toBeGreaterThan(0);
      expect(schemaOf('generic_error')({ code: 'not_found', messages: ['thing not found'] })).toBe(true);
      expect(schemaOf('generic_error')({ code: 'not_found' })).toBe(false);
      expect(why(schemaOf('generic_error'))).toEqual([': required messages']);
      expect(schemaOf('gateway_error')({ message: 'Forbidden' })).toBe(true);
      expect(schemaOf('gateway_error')({ code: 'not_found', messages: ['thing not found'] })).toBe(false);
      expect(why(schemaOf('gateway_error'))).toEqual([': required message']);
    },
  );

  it('describe users as the runtime sends them, and reject what it never sends', () => {
    const users = documents[specs.findIndex((l) => l.spec.name === 'users')] as any;
    const user = schemaCompiler(users, 'https://tributary.dev/openapi/users-sample')('user');
    const valid = {
      id: 'usr-01J',
      email: 'a@example.com',
      name: { first: 'Ada' },
      status: 'active',
      version: 1,
      created_at: '2026-11-22T14:00:00.000Z',
      updated_at: '2026-11-22T14:00:00.000Z',
    };
    expect(user(valid)).toBe(true);
    const { status: _status, email: _email, ...minimal } = valid;
    expect(user(minimal)).toBe(true);
    expect(user({ ...valid, status: 'gone' })).toBe(false);
    expect(why(user)).toEqual(['/status: enum']);
    expect(user({ ...valid, version: 0 })).toBe(false);
    expect(why(user)).toEqual(['/version: minimum']);
    expect(user({ ...valid, name: { first: 'x'.repeat(101) } })).toBe(false);
    expect(why(user)).toEqual(['/name/first: maxLength']);
    expect(user({ ...valid, email: 'ada.example.com' })).toBe(false);
    expect(why(user)).toEqual(['/email: format']);
    const { id: _id, ...noId } = valid;
    expect(user(noId)).toBe(false);
    expect(why(user)).toEqual([': required id']);
    expect(users.components.schemas.user.properties.email['x-personal-data']).toBe(true);
    expect(users.components.schemas.user_status['x-enum-descriptions']).toEqual([
      'Created, not yet confirmed.',
      'Confirmed and allowed to order.',
      'No longer allowed to order.',
    ]);
    expect(users['x-tributary-events']).toEqual(['user.deleted', 'user.upserted']);
  });

  it('describe the currency of orders by its pattern', () => {
    const orders = documents[specs.findIndex((l) => l.spec.name === 'orders')] as any;
    const form = orders.components.schemas.order_form;
    expect(form.properties.currency).toMatchObject({ type: 'string', pattern: '^[A-Z]{3}$' });
    const currency = schemaCompiler(
      orders,
      'https://tributary.dev/openapi/orders-sample',
    )('order_form/properties/currency');
    expect([currency('EUR'), currency('eur'), currency('EU1')]).toEqual([true, false, false]);
  });

  it('are deterministic: the same output twice, whatever the order of the spec records', () => {
    const users = specs.find((l) => l.spec.name === 'users')!.spec;
    expect(Object.keys(reversedRecords(users).models ?? {})).toEqual(['user_form', 'name', 'user']);
    for (const { spec } of specs) {
      const once = JSON.stringify(openApiDocument(spec));
      expect(JSON.stringify(openApiDocument(spec))).toBe(once);
      expect(JSON.stringify(openApiDocument(reversedRecords(spec)))).toBe(once);
      expect(JSON.stringify(openApiDocument(structuredClone(spec)))).toBe(once);
    }
  });

  it('do not change the spec', () => {
    for (const { spec } of specs) {
      const before = structuredClone(spec);
      openApiDocument(spec);
      expect(spec).toStrictEqual(before);
    }
  });
});

describe('the checks can fail', () => {
  const [loaded] = validateSpecTexts([
    {
      file: 'things.json',
      text: JSON.stringify(
        thingSpec([
          { method: 'GET', path: '/:id', responses: { '200': { type: 'thing' }, '404': { type: 'unit' } } },
        ]),
      ),
    },
  ]).valid;
  const good = openApiDocument(loaded!.spec) as any;

  const broken = (change: (doc: any) => void) => {
    const doc = structuredClone(good);
    change(doc);
    return doc;
  };
  /** What the validator says when a required property is missing, at `instancePath`. */
  const missing = (instancePath: string, property: string) =>
    expect.arrayContaining([
      expect.objectContaining({ instancePath, keyword: 'required', params: { missingProperty: property } }),
    ]);
  const operationPath = '/paths/~1things~1{id}/get';
  /** Each broken document, and why the validator must reject it. */
  const cases: Array<[string, any, unknown]> = [
    [
      'a response without description',
      broken((d) => delete d.paths['/things/{id}'].get.responses['200'].description),
      missing(`${operationPath}/responses/200`, 'description'),
    ],
    ['info without version', broken((d) => delete d.info.version), missing('/info', 'version')],
    [
      'a parameter without "in"',
      broken((d) => delete d.paths['/things/{id}'].get.parameters[0].in),
      missing(`${operationPath}/parameters/0`, 'in'),
    ],
    [
      'a dangling $ref',
      broken((d) => {
        d.paths['/things/{id}'].get.responses['200'].content['application/json'].schema.$ref =
          '#/components/schemas/nope';
      }),
      "Can't resolve #/components/schemas/nope",
    ],
  ];

  // One validator process for all of them.
  let results: ValidatorResult[] = [];
  beforeAll(() => {
    results = validateOpenApi([good, ...cases.map(([, document]) => document)]);
  });

  it('the good document passes', () => {
    expect(results[0]).toEqual({ valid: true, version: '3.1', errors: null });
    expect(refsOf(good).every((r) => r.resolves)).toBe(true);
  });

  it.each(cases.map(([what, , why], i) => [what, i + 1, why] as const))(
    'the validator rejects %s, for that reason',
    (_what, index, why) => {
      expect(results[index]?.valid).toBe(false);
      expect(results[index]?.errors).toBeTruthy();
      expect(results[index]?.errors).toEqual(why);
    },
  );

  it('the $ref check finds a dangling $ref', () => {
    const dangling = cases.find(([what]) => what === 'a dangling $ref')?.[1];
    expect(refsOf(dangling).filter((r) => !r.resolves)).toEqual([
      { ref: '#/components/schemas/nope', resolves: false },
    ]);
  });
});

import { generateServiceSources } from '../../lib/codegen/generate';
import { GenerateError } from '../../lib/codegen/source';
import type { Spec } from '../../lib/contract/schema';
import { validSpecs } from './helpers';

/** The generator refuses, naming the spec and what to change, what it cannot turn into code. */

const idField = { name: 'id', type: 'string' };
const getById = { method: 'GET', path: '/:id', responses: { '200': { type: 'x' }, '404': { type: 'unit' } } };

function resource(name: string, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    operations: [{ ...getById, responses: { '200': { type: name }, '404': { type: 'unit' } } }],
  };
}

/** Validates the spec first: the generator only ever sees valid specs. */
function generateOf(spec: Record<string, unknown>): () => unknown {
  const [loaded] = validSpecs([{ file: `api-specs/${spec.name}.json`, text: JSON.stringify(spec) }]);
  return () => generateServiceSources(loaded?.spec as Spec, loaded?.file ?? '');
}

function errorOf(run: () => unknown): GenerateError {
  try {
    run();
  } catch (error) {
    if (error instanceof GenerateError) return error;
    throw error;
  }
  throw new Error('expected a GenerateError');
}

describe('the generator refuses', () => {
  it('nothing about id prefixes: a clash is the validator’s (rule id-prefix), and a declared prefix settles it', () => {
    const clashing = {
      name: 'accounts',
      models: { user: { fields: [idField] }, user_session: { fields: [idField] } },
      resources: { user: resource('user'), user_session: resource('user_session') },
    };
    expect(() => generateOf(clashing)).toThrow(/would both mint ids prefixed "usr-"/);
    const settled = {
      ...clashing,
      resources: { user: resource('user'), user_session: resource('user_session', { id_prefix: 'uss' }) },
    };
    const models = generateOf(settled)() as Array<{ path: string; content: string }>;
    const source = models.find((file) => file.path.endsWith('/models.ts'))?.content ?? '';
    expect(source).toContain('export const USER_ID_PREFIX = "usr";');
    expect(source).toContain('export const USER_SESSION_ID_PREFIX = "uss";');
  });

  it('a model whose name takes the name of the big.js import decimal bounds need', () => {
    const error = errorOf(
      generateOf({
        name: 'accounts',
        models: { big: { fields: [{ name: 'amount', type: 'decimal', maximum: 10 }] } },
      }),
    );
    expect(error.problems).toEqual([
      'generated identifier "Big" is both the type of model "big" and an import ("Big"); rename the first',
    ]);
  });

  it('models whose generated identifiers collide', () => {
    const error = errorOf(
      generateOf({
        name: 'accounts',
        models: {
          user: { fields: [idField] },
          user_input: { fields: [{ name: 'x', type: 'string' }] },
        },
      }),
    );
    expect(error.message).toContain('api-specs/accounts.json');
    expect(error.problems).toEqual([
      'generated identifier "UserInput" is both the input type of model "user" and the type of model "user_input"; rename one of them',
    ]);
  });

  it('a model named like a generated runtime name', () => {
    const error = errorOf(
      generateOf({
        name: 'accounts',
        models: { api_client_options: { fields: [{ name: 'x', type: 'string' }] } },
      }),
    );
    expect(error.problems[0]).toContain('"ApiClientOptions"');
  });

  it('a service named like the run-time folder', () => {
    const error = errorOf(generateOf({ name: 'runtime', models: { thing: { fields: [idField] } } }));
    expect(error.problems[0]).toContain('service name "runtime" is reserved');
  });

  it('a stored model whose system attribute the repository could not maintain', () => {
    const error = errorOf(
      generateOf({
        name: 'accounts',
        models: { user: { fields: [idField, { name: 'version', type: 'string' }] } },
        resources: { user: resource('user', { storage: {} }) },
      }),
    );
    expect(error.problems).toEqual([
      'field "version" of stored model "user" is maintained by the repository: make it required, without default, of type "long" or "integer"',
    ]);
  });
});

describe('names the generated modules import', () => {
  it.each([
    ['clock', 'Clock'],
    ['page', 'Page'],
    ['resource_repository', 'ResourceRepository'],
  ])('cannot be taken by a model (%s)', (model, identifier) => {
    const error = errorOf(
      generateOf({ name: 'things', models: { [model]: { fields: [{ name: 'x', type: 'string' }] } } }),
    );
    expect(error.problems).toEqual([
      `generated identifier "${identifier}" is both an import ("${identifier}") and the type of model "${model}"; rename one of them`,
    ]);
  });
});

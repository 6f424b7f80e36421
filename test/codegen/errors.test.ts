import { generateServiceSources } from '../../lib/codegen/generate';
import { GenerateError } from '../../lib/codegen/source';
import type { Spec } from '../../lib/spec/schema';
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
  it('resources whose id prefixes clash', () => {
    const error = errorOf(
      generateOf({
        name: 'accounts',
        models: { user: { fields: [idField] }, user_session: { fields: [idField] } },
        resources: { user: resource('user'), user_session: resource('user_session') },
      }),
    );
    expect(error.message).toContain('api-specs/accounts.json: cannot generate code');
    expect(error.problems).toEqual([
      'resources "user", "user_session" would all get the id prefix "usr-"; rename one of them',
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

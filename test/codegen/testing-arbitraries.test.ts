/**
 * The generated arbitraries (generated/testing/arbitraries.ts) make values the generated zod schemas
 * accept as they are: 1,000 of every model and enum of every reference spec, of the kitchen-sink
 * fixture (every type, bound, format and pattern, a cycle of models) and of the fixture services,
 * each parsed with the model's own schema. And they cover the schema: every optional field is both
 * left out and given, every enum value comes up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { scaffoldSources } from '../../lib/codegen/generate';
import { discoverSpecFiles, serviceNameOfFile } from '../../lib/contract/files';
import { camelCase, schemaName } from '../../lib/contract/names';
import type { Spec } from '../../lib/contract/schema';
import { fixtureSpecText, generate, type LoadedSpecFile, PROJECT, TempProject, validSpecs } from './helpers';

const SAMPLES = 1_000;

const projectFiles = discoverSpecFiles(PROJECT);
const projectServices = projectFiles.map(serviceNameOfFile);
/** The fixture services, but for one a team has added to api-specs/ under the same name. */
const fixtureServices = ['catalog', 'inventory'].filter((name) => !projectServices.includes(name));
const texts = [
  ...projectFiles.map((file) => ({ file, text: readFileSync(join(PROJECT, file), 'utf8') })),
  ...fixtureServices.map((name) => ({
    file: `api-specs/${name}.json`,
    text: readFileSync(join(PROJECT, 'test', 'fixtures', 'services', `${name}.json`), 'utf8'),
  })),
  fixtureSpecText('kitchen_sink'),
];
const specs: LoadedSpecFile[] = validSpecs(texts);

type Schema = {
  safeParse(value: unknown): { success: boolean; data?: unknown; error?: { issues: unknown[] } };
};

let project: TempProject;
const modules = new Map<
  string,
  { models: Record<string, Schema>; arbitraries: Record<string, fc.Arbitrary<unknown>> }
>();

beforeAll(() => {
  project = new TempProject();
  project.write(generate(specs)).write(scaffoldSources(specs));
  for (const { spec } of specs) {
    const dir = `functions/${spec.name}/generated`;
    modules.set(spec.name, {
      models: require(project.path(`${dir}/models.ts`)),
      arbitraries: require(project.path(`${dir}/testing/arbitraries.ts`)),
    });
  }
}, 120_000);

afterAll(() => project?.cleanup());

function membersOf(spec: Spec): Array<[string, string, 'model' | 'enum']> {
  return [
    ...Object.keys(spec.models ?? {}).map((name): [string, string, 'model'] => [spec.name, name, 'model']),
    ...Object.keys(spec.enums ?? {}).map((name): [string, string, 'enum'] => [spec.name, name, 'enum']),
  ];
}

const cases = specs.flatMap(({ spec }) => membersOf(spec));

it('covers every spec of api-specs/, the fixture services and the kitchen sink', () => {
  expect(projectServices).toEqual(expect.arrayContaining(['notifications', 'orders', 'users']));
  expect(new Set(cases.map(([service]) => service))).toEqual(
    // Every spec of api-specs/ (the reference services and any a team added), the fixtures, the kitchen sink.
    new Set([...projectServices, ...fixtureServices, 'kitchen_sink']),
  );
});

describe.each(cases)('%s: %s (%s)', (service, name, kind) => {
  let values: unknown[];

  beforeAll(() => {
    const module = modules.get(service);
    const arbitrary = module?.arbitraries[`${camelCase(name)}Arbitrary`];
    if (arbitrary === undefined) throw new Error(`no ${camelCase(name)}Arbitrary in ${service}`);
    values = fc.sample(arbitrary, { numRuns: SAMPLES, seed: 20261122 });
  });

  it(`gives ${SAMPLES} values the generated schema accepts, unchanged`, () => {
    const schema = modules.get(service)?.models[schemaName(name)];
    expect(schema).toBeDefined();
    for (const value of values) {
      const parsed = schema?.safeParse(value);
      if (!parsed?.success) {
        throw new Error(`${JSON.stringify(value)} is refused: ${JSON.stringify(parsed?.error?.issues)}`);
      }
      expect(parsed.data).toEqual(value);
    }
  });

  it('leaves every optional field out sometimes and gives it sometimes; every enum value comes up', () => {
    const spec = specs.find((loaded) => loaded.spec.name === service)?.spec;
    if (kind === 'enum') {
      const all = spec?.enums?.[name]?.values.map((value) => value.name) ?? [];
      expect(new Set(values)).toEqual(new Set(all));
      return;
    }
    for (const field of spec?.models?.[name]?.fields ?? []) {
      const present = values.filter((value) => Object.hasOwn(value as object, field.name)).length;
      const optional = field.required === false && field.default === undefined;
      if (optional) {
        expect({ field: field.name, absent: present < SAMPLES }).toEqual({ field: field.name, absent: true });
        expect({ field: field.name, present: present > 0 }).toEqual({ field: field.name, present: true });
      } else {
        expect({ field: field.name, present }).toEqual({ field: field.name, present: SAMPLES });
      }
    }
  });
});

describe('what the values are like', () => {
  const sample = (service: string, name: string, numRuns = 300) => {
    const arbitrary = modules.get(service)?.arbitraries[`${camelCase(name)}Arbitrary`];
    if (arbitrary === undefined) throw new Error(`no arbitrary for ${name}`);
    return fc.sample(arbitrary, { numRuns, seed: 7 }) as Array<Record<string, unknown>>;
  };

  it("a stored resource's id is one its repository could mint", () => {
    for (const user of sample('users', 'user')) expect(user.id).toMatch(/^usr-[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    for (const gadget of sample('kitchen_sink', 'gadget')) expect(gadget.id).toMatch(/^gad-/);
  });

  it('decimals keep their bounds exactly, and vary in scale', () => {
    const prices = sample('kitchen_sink', 'gadget', 1000).flatMap((gadget) =>
      typeof gadget.price === 'string' ? [gadget.price] : [],
    );
    expect(prices.length).toBeGreaterThan(100);
    expect(new Set(prices.map((price) => price.split('.')[1]?.length ?? 0)).size).toBeGreaterThan(3);
    for (const price of prices) {
      expect(Number(price)).toBeGreaterThanOrEqual(0);
      expect(Number(price)).toBeLessThanOrEqual(1000);
    }
  });

  it('a cycle of models nests, but not without end', () => {
    const depth = (value: unknown): number =>
      typeof value !== 'object' || value === null
        ? 0
        : 1 + Math.max(0, ...Object.values(value as Record<string, unknown>).map(depth));
    const depths = sample('kitchen_sink', 'category', 1000).map(depth);
    expect(Math.max(...depths)).toBeGreaterThan(3);
    expect(Math.max(...depths)).toBeLessThan(20);
  });

  it('text is well-formed Unicode, astral characters included', () => {
    const names = sample('users', 'name', 1000).flatMap((name) => [name.first, name.last]);
    const strings = names.filter((value): value is string => typeof value === 'string');
    expect(strings.every((value) => value.isWellFormed())).toBe(true);
    expect(strings.some((value) => /[\u{10000}-\u{10FFFF}]/u.test(value))).toBe(true);
  });
});

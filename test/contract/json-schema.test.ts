import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { discoverSpecFiles } from '../../lib/contract/files';
import { specJsonSchema, specJsonSchemaText } from '../../lib/contract/json-schema';

const ROOT = join(__dirname, '..', '..');

describe('api-specs/spec.schema.json', () => {
  it('is exactly what the zod schema generates (run `npx dev schema` when this fails)', () => {
    expect(readFileSync(join(ROOT, 'api-specs', 'spec.schema.json'), 'utf8')).toBe(specJsonSchemaText());
  });

  it('is deterministic', () => {
    expect(specJsonSchemaText()).toBe(specJsonSchemaText());
  });

  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(specJsonSchema());

  it.each(discoverSpecFiles(ROOT))('accepts the reference spec %s, as an editor would', (file) => {
    const ok = validate(JSON.parse(readFileSync(join(ROOT, file), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each([
    ['a misspelt key', { name: 'x', modles: {} }, 'additionalProperties'],
    ['a missing name', { description: 'no name' }, 'required'],
    [
      'an unknown method',
      { name: 'x', resources: { x: { operations: [{ method: 'FETCH', responses: {} }] } } },
      'enum',
    ],
    [
      'an empty subscription event list',
      { name: 'x', subscriptions: [{ service: 'a', resource: 'b', events: [] }] },
      'minItems',
    ],
  ])('rejects %s', (_, spec, keyword) => {
    expect(validate(spec)).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toContain(keyword);
  });
});

/**
 * Specs no one would write on purpose: nested 100,000 levels, deep values in otherwise valid specs,
 * bad encodings, and random truncations and mutations of a real spec. Whatever the bytes, validate,
 * lint, diff and codegen answer with located diagnostics (or their results), never an exception.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { generateServiceSources } from '../../lib/codegen/generate';
import { parseAllowText } from '../../lib/contract/allow';
import type { Diagnostic } from '../../lib/contract/diagnostic';
import { diffSpec } from '../../lib/contract/diff/diff-spec';
import { MAX_NESTING_DEPTH } from '../../lib/contract/json-limits';
import { lintSpecs } from '../../lib/contract/lint/lint';
import type { LoadedSpec } from '../../lib/contract/validate/context';
import { loadSpec, validateSpecTexts } from '../../lib/contract/validate/validate';

const FILE = 'api-specs/catalog.json';
const REFERENCE = readFileSync(join(__dirname, '..', 'fixtures', 'cli', 'catalog.json'), 'utf8');

/** `[[[...0...]]]` with `depth` arrays, built as text: JSON.stringify itself overflows on deep values. */
const nestedText = (depth: number) => `${'['.repeat(depth)}0${']'.repeat(depth)}`;

/** The reference spec with a request `json` field whose example and default are `exampleText`/`defaultText`. */
function withJsonField(exampleText: string, defaultText: string): string {
  const spec = JSON.parse(REFERENCE);
  spec.models.product_form.fields.push({
    name: 'attributes',
    type: 'json',
    required: false,
    description: 'Free-form attributes.',
    example: '@EXAMPLE@',
    default: '@DEFAULT@',
  });
  return JSON.stringify(spec, null, 2)
    .replace('"@EXAMPLE@"', exampleText)
    .replace('"@DEFAULT@"', defaultText);
}

function expectLocated(diagnostic: Diagnostic | undefined, text: string): void {
  expect(diagnostic).toBeDefined();
  if (!diagnostic) return;
  expect(diagnostic.file).toBe(FILE);
  expect(diagnostic.path).toMatch(/^\$/);
  expect(diagnostic.message).not.toBe('');
  expect(diagnostic.hint).toEqual(expect.any(String));
  const lines = text.split('\n');
  expect(diagnostic.line).toBeGreaterThanOrEqual(1);
  expect(diagnostic.line).toBeLessThanOrEqual(lines.length);
  expect(diagnostic.column).toBeGreaterThanOrEqual(1);
  expect(diagnostic.column).toBeLessThanOrEqual((lines[diagnostic.line - 1]?.length ?? 0) + 1);
}

function loaded(text: string | Uint8Array): LoadedSpec {
  const result = loadSpec({ file: FILE, text });
  if (!result.loaded) throw new Error(`does not load: ${JSON.stringify(result.diagnostics)}`);
  return result.loaded;
}

describe('a deep value inside an otherwise valid spec', () => {
  it.each(['example', 'default'])(
    'reports a %s nested 100,000 levels at its line, column and path',
    (which) => {
      const deep = nestedText(100_000);
      const text = which === 'example' ? withJsonField(deep, '{}') : withJsonField('{}', deep);
      const { diagnostics, valid } = validateSpecTexts([{ file: FILE, text }]);
      expect(valid).toEqual([]);
      expect(diagnostics).toHaveLength(1);
      const [diagnostic] = diagnostics;
      expect(diagnostic).toMatchObject({ rule: 'json-depth', severity: 'error' });
      // Levels: the spec, models, product_form, fields, the field, then the value's arrays.
      const zeros = '[0]'.repeat(MAX_NESTING_DEPTH - 5);
      expect(diagnostic?.path).toBe(`$.models.product_form.fields[4].${which}${zeros}`);
      const line = text.split('\n').findIndex((l) => l.includes(`"${which}": [[`)) + 1;
      const column = (text.split('\n')[line - 1]?.indexOf('[') ?? 0) + 1 + MAX_NESTING_DEPTH - 5;
      expect(diagnostic).toMatchObject({ line, column });
      expectLocated(diagnostic, text);
    },
  );

  it('validates, lints, diffs and generates code for values nested right up to the limit', () => {
    const deepest = MAX_NESTING_DEPTH - 5;
    const base = loaded(withJsonField(nestedText(deepest), nestedText(deepest)));
    const head = loaded(withJsonField(nestedText(deepest), nestedText(deepest - 1)));
    expect(validateSpecTexts([{ file: FILE, text: base.source.text }]).diagnostics).toEqual([]);
    expect(lintSpecs([base], { file: 'api-specs/lint.allow.json', entries: [] }).findings).toEqual([]);
    expect(diffSpec(base, head)).toEqual([
      expect.objectContaining({
        rule: 'request-default-changed',
        at: 'catalog.models.product_form.fields.attributes',
      }),
    ]);
    const openapi = generateServiceSources(base.spec, FILE).find((f) => f.path.endsWith('openapi.json'));
    expect(JSON.stringify(JSON.parse(openapi?.content ?? 'null'))).toContain(nestedText(deepest));
  });
});

describe('bad encodings', () => {
  const reference = Buffer.from(REFERENCE);

  it.each([
    ['a UTF-8 byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), reference]), 1, 1],
    ['UTF-16 with a byte order mark', Buffer.from(`\ufeff${REFERENCE}`, 'utf16le'), 1, 1],
    ['UTF-16 without one', Buffer.from(REFERENCE, 'utf16le'), 1, 2],
    [
      'an invalid UTF-8 byte in a description',
      Buffer.from(REFERENCE.replace('Owns the products', 'Owns the pr\u0000ducts')).map((b) =>
        b === 0 ? 0xc0 : b,
      ),
      4,
      30,
    ],
    ['a NUL byte', Buffer.from(REFERENCE.replace('"catalog"', '"cat\u0000alog"')), 3, 15],
  ])('reports %s as json-encoding at its line and column', (_name, bytes, line, column) => {
    const { diagnostics } = validateSpecTexts([{ file: FILE, text: bytes }]);
    expect(diagnostics).toEqual([expect.objectContaining({ rule: 'json-encoding', line, column })]);
    expectLocated(diagnostics[0], REFERENCE);
  });
});

describe('allow files, read by the same parser', () => {
  const ALLOW = 'api-specs/lint.allow.json';

  it('report nesting 100,000 deep and a bad encoding as located allow-file problems', () => {
    expect(parseAllowText(ALLOW, nestedText(100_000)).diagnostics).toEqual([
      expect.objectContaining({
        rule: 'allow-file',
        line: 1,
        column: MAX_NESTING_DEPTH + 1,
        path: `$${'[0]'.repeat(MAX_NESTING_DEPTH)}`,
        message: `arrays and objects nest deeper than ${MAX_NESTING_DEPTH} levels`,
      }),
    ]);
    expect(parseAllowText(ALLOW, Buffer.from([0x5b, 0x0a, 0xff, 0x5d])).diagnostics).toEqual([
      expect.objectContaining({
        rule: 'allow-file',
        line: 2,
        column: 1,
        message: expect.stringMatching(/UTF-8/),
      }),
    ]);
  });
});

describe('random truncations and mutations of a real spec', () => {
  const reference = loaded(REFERENCE);
  const allow = { file: 'api-specs/lint.allow.json', entries: [] };
  const bytes = Buffer.from(REFERENCE);

  /** A piece of text or bytes to insert: the nasty kinds, and random ones. */
  const insertion = fc.oneof(
    fc.integer({ min: 1, max: 100_000 }).map((n) => Buffer.from('['.repeat(n))),
    fc.integer({ min: 1, max: 100_000 }).map((n) => Buffer.from('{"a":'.repeat(n))),
    fc.integer({ min: 1, max: 2_000 }).map((n) => Buffer.from(nestedText(n))),
    fc.constantFrom(
      ...[
        [0xef, 0xbb, 0xbf],
        [0xff, 0xfe],
        [0x00],
        [0xc3],
        [0xed, 0xa0, 0x80],
        [0x22],
        [0x5c],
        [0x2c],
        [0x7d],
      ].map((b) => Buffer.from(b)),
    ),
    fc.string({ unit: 'binary', maxLength: 20 }).map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a)),
  );

  const mutation: fc.Arbitrary<(b: Buffer) => Buffer> = fc.oneof(
    fc.nat({ max: bytes.length }).map(
      (at) =>
        (b: Buffer): Buffer =>
          b.subarray(0, at),
    ),
    fc.tuple(fc.nat({ max: bytes.length }), insertion).map(
      ([at, piece]) =>
        (b: Buffer): Buffer =>
          Buffer.concat([b.subarray(0, at), piece, b.subarray(at)]),
    ),
    fc.tuple(fc.nat({ max: bytes.length }), fc.nat({ max: 200 })).map(
      ([at, n]) =>
        (b: Buffer): Buffer =>
          Buffer.concat([b.subarray(0, at), b.subarray(at + n)]),
    ),
    fc
      .tuple(
        fc.nat({ max: bytes.length }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 2, max: 3_000 }),
      )
      .map(([at, n, times]) => (b: Buffer): Buffer => {
        const piece = b.subarray(at, at + n);
        return Buffer.concat([b.subarray(0, at), ...Array<Buffer>(times).fill(piece), b.subarray(at + n)]);
      }),
  );

  it('never throw: every spec gets located diagnostics, or is valid and lints and diffs', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const mutated = mutations.reduce<Buffer>((b, mutate) => mutate(b), bytes);
        const { diagnostics, valid } = validateSpecTexts([{ file: FILE, text: mutated }]);
        const text = mutated.toString('utf8');
        if (valid.length === 0) expect(diagnostics.length).toBeGreaterThan(0);
        for (const diagnostic of diagnostics) expectLocated(diagnostic, text);
        for (const spec of valid) {
          lintSpecs([spec], allow);
          diffSpec(reference, spec);
          diffSpec(spec, reference);
        }
      }),
      { numRuns: 250 },
    );
  });
});

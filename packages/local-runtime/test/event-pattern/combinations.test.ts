import { compilePattern, EventPatternError, parsePattern } from '../../src/event-pattern';
import { countCombinations, MAX_COMBINATIONS } from '../../src/event-pattern/combinations';
import { formatJsonPath } from '../../src/json-path';
import { check } from './helpers';

/** A `$or` of `n` one-field alternatives: n combinations. */
const or = (field: string, n: number) => Array.from({ length: n }, (_, i) => ({ [field]: [`v${i}`] }));

/** `$or`s of the given sizes, each nested one level below the previous: their product. */
function chain(...sizes: number[]): Record<string, unknown> {
  const [first = 1, ...rest] = sizes;
  const pattern: Record<string, unknown> = { source: ['app'], $or: or('f0', first) };
  let object = pattern;
  rest.forEach((size, i) => {
    const inner: Record<string, unknown> = { $or: or(`f${i + 1}`, size) };
    object[`n${i + 1}`] = inner;
    object = inner;
  });
  return pattern;
}

function refusal(pattern: unknown): EventPatternError {
  try {
    parsePattern(pattern);
  } catch (error) {
    if (error instanceof EventPatternError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(pattern).slice(0, 80)} to be refused`);
}

describe('the $or combination limit', () => {
  it('is 1,000', () => {
    expect(MAX_COMBINATIONS).toBe(1000);
  });

  it('accepts 1,000 combinations, and compiles exactly that many branches', () => {
    const pattern = parsePattern(chain(10, 10, 10));
    expect(countCombinations(pattern.root)).toBe(1000);
    expect(compilePattern(pattern).branches).toHaveLength(1000);
    expect(check(chain(10, 10, 10), { source: 'app', f0: 'v3', n1: { f1: 'v9', n2: { f2: 'v0' } } })).toBe(
      true,
    );
  });

  it('accepts one $or of 1,000 alternatives', () => {
    expect(() => parsePattern({ $or: or('a', 1000) })).not.toThrow();
  });

  it('refuses 1,001 combinations at the $or that takes the count past 1,000', () => {
    // 7 × 11 = 77 so far; the third $or makes it 1,001.
    const error = refusal(chain(7, 11, 13));
    expect(formatJsonPath(error.path)).toBe('$.n1.n2.$or');
    expect(error.reason).toBe(
      "the pattern's $or alternatives multiply out to 1,001 combinations, more than the 1,000 EventBridge allows; reading the pattern top down, this $or takes the count past the limit",
    );
    expect(error.hint).toContain('Split the rule into several rules');
    expect(error.message).toContain('$.n1.n2.$or: ');
  });

  it('refuses one $or of 1,001 alternatives', () => {
    const error = refusal({ detail: { $or: or('a', 1001) } });
    expect(formatJsonPath(error.path)).toBe('$.detail.$or');
    expect(error.reason).toContain('1,001 combinations');
  });

  it('points inside an alternative that is past the limit on its own', () => {
    const error = refusal({ $or: [{ a: { $or: or('x', 1001) } }, { b: [1] }] });
    expect(formatJsonPath(error.path)).toBe('$.$or[0].a.$or');
    expect(error.reason).toContain('1,002 combinations');
  });

  it('counts alternatives before a nested $or in full', () => {
    // Alternatives add up: 600 single ones, then one whose own $or of 401 makes 1,001.
    const pattern = { $or: [...or('a', 600), { b: [1], $or: or('c', 401) }] };
    const error = refusal(pattern);
    expect(formatJsonPath(error.path)).toBe('$.$or[600].$or');
    expect(error.reason).toContain('1,001 combinations');
  });

  it('refuses a million combinations without expanding them', () => {
    const error = refusal(chain(10, 10, 10, 10, 10, 10));
    expect(formatJsonPath(error.path)).toBe('$.n1.n2.n3.$or');
    expect(error.reason).toContain('1,000,000 combinations');
  });

  it('caps the count it reports', () => {
    // 60 nested two-way $or: 2^60 combinations, beyond exact doubles.
    const error = refusal(chain(...Array<number>(60).fill(2)));
    expect(error.reason).toContain('more than 1,000,000,000,000,000 combinations');
    // 2^10 = 1,024: the tenth $or goes past the limit.
    expect(formatJsonPath(error.path)).toBe('$.n1.n2.n3.n4.n5.n6.n7.n8.n9.$or');
  });

  it('does not count the values of leaf arrays', () => {
    const values = Array.from({ length: 2000 }, (_, i) => `v${i}`);
    expect(() => parsePattern({ $or: [{ a: values }, { b: values }], c: values })).not.toThrow();
  });

  it('reports a syntax error before the count', () => {
    const pattern = { ...chain(10, 10, 11), x: [{ prefx: 'a' }] };
    expect(formatJsonPath(refusal(pattern).path)).toBe('$.x[0].prefx');
  });

  it('counts what compile expands, on varied shapes', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const object = (depth: number): Record<string, unknown> => {
      const result: Record<string, unknown> = { leaf: [1] };
      const fields = 1 + random(3);
      for (let i = 0; i < fields; i++) {
        const kind = depth > 0 ? random(3) : 2;
        if (kind === 0) result[`o${i}`] = object(depth - 1);
        else if (kind === 1) result.$or = Array.from({ length: 2 + random(2) }, () => object(depth - 1));
        else result[`l${i}`] = [i];
      }
      return result;
    };
    const seen = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const pattern = parsePattern(object(3));
      const branches = compilePattern(pattern).branches.length;
      expect(countCombinations(pattern.root)).toBe(branches);
      seen.add(branches);
    }
    // The shapes are varied indeed: from 1 combination to well over a hundred.
    expect(seen.size).toBeGreaterThan(20);
  });
});

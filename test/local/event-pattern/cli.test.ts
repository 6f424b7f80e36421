import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDev } from '../../cli/helpers';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'event-pattern');

/** `dev events match ...` run for real from the fixtures folder, so file names stay short. */
const match = (...args: string[]) => runDev(FIXTURES, ['events', 'match', ...args]);

function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('dev events match', () => {
  it('exits 0 and prints "match" when the event matches', () => {
    const run = match('--pattern', 'order-upserted.pattern.json', '--event', 'order-upserted.event.json');
    expect(run.stdout).toBe('match\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('exits 1 and prints "no match" when it does not', () => {
    const run = match('--pattern', 'order-upserted.pattern.json', '--event', 'user-deleted.event.json');
    expect(run.stdout).toBe('no match\n');
    expect(run.code).toBe(1);
  });

  it('with --explain, says which fields failed', () => {
    const run = match(
      '--pattern',
      'order-upserted.pattern.json',
      '--event',
      'user-deleted.event.json',
      '--explain',
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        'no match',
        '  $["detail-type"] is "user.deleted", which matches none of the alternatives; the pattern wants ["order.upserted"] (at $["detail-type"])',
        '  $.source is "tributary.users", which matches none of the alternatives; the pattern wants ["tributary.orders"] (at $.source)',
        '',
      ].join('\n'),
    );
  });

  it('with --explain, prints only "match" on a match', () => {
    const run = match(
      '--pattern',
      'order-upserted.pattern.json',
      '--event',
      'order-upserted.event.json',
      '--explain',
    );
    expect(run.stdout).toBe('match\n');
    expect(run.code).toBe(0);
  });

  it('takes paths relative to the working directory and absolute paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'events-match-'));
    try {
      const run = runDev(dir, [
        'events',
        'match',
        '--pattern',
        join(FIXTURES, 'order-upserted.pattern.json'),
        '--event',
        join(FIXTURES, 'order-upserted.event.json'),
      ]);
      expect(run.stdout).toBe('match\n');
      expect(run.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 for a missing pattern file, naming it and what to give', () => {
    const run = match('--pattern', 'nope.json', '--event', 'order-upserted.event.json');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('cannot read --pattern nope.json: no such file');
    expect(run.stderr).toContain('JSON file holding an EventBridge event pattern');
    expectNoStackTrace(run.stderr);
  });

  it('exits 2 for a missing event file', () => {
    const run = match('--pattern', 'order-upserted.pattern.json', '--event', 'missing.event.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read --event missing.event.json: no such file');
  });

  it('exits 2 for a directory given as a file', () => {
    const run = match('--pattern', '.', '--event', 'order-upserted.event.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('it is a directory');
  });

  it('exits 2 for malformed JSON with the file, line and column', () => {
    const run = match('--pattern', 'malformed.pattern.json', '--event', 'order-upserted.event.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('malformed.pattern.json:3:1: malformed JSON');
    expect(run.stderr).toContain('Fix the JSON at that position');
    expectNoStackTrace(run.stderr);
  });

  it('exits 2 for an invalid pattern with the position, the JSON path and what to do', () => {
    const run = match('--pattern', 'invalid-numeric.pattern.json', '--event', 'order-upserted.event.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        'dev: invalid-numeric.pattern.json:4:40: invalid event pattern at $.detail.version[0].numeric[2]: nothing may follow "<", x',
        '  Put the lower bound first: [">", low, "<", high].',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 for a $or of more than 1,000 combinations, naming the $or, the count and the limit', () => {
    // 7 × 11 × 13 = 1,001 combinations; the third $or (line 27) takes the count past 1,000.
    const run = match(
      '--pattern',
      'too-many-combinations.pattern.json',
      '--event',
      'order-upserted.event.json',
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        "dev: too-many-combinations.pattern.json:27:14: invalid event pattern at $.detail.line.$or: the pattern's $or alternatives multiply out to 1,001 combinations, more than the 1,000 EventBridge allows; reading the pattern top down, this $or takes the count past the limit",
        '  Split the rule into several rules with fewer $or alternatives each, or merge alternatives that test the same field into one array: { "f": ["a", "b"] } rather than "$or": [{ "f": ["a"] }, { "f": ["b"] }].',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 for a leaf that is not an array', () => {
    const run = match('--pattern', 'invalid-leaf.pattern.json', '--event', 'order-upserted.event.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('invalid-leaf.pattern.json:2:13: invalid event pattern at $.source');
    expect(run.stderr).toContain('Wrap the value in an array: "source": ["tributary.orders"]');
  });

  it('exits 2 for an event that is not a JSON object', () => {
    const run = match('--pattern', 'order-upserted.pattern.json', '--event', 'not-an-object.event.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not-an-object.event.json:1:1: an event is a JSON object');
  });

  it('warns about a key given twice, and matches with the last one', () => {
    const run = match('--pattern', 'duplicate-key.pattern.json', '--event', 'order-upserted.event.json');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('match\n');
    expect(run.stderr).toContain('warning: duplicate-key.pattern.json:3:3: $.source is given twice');
  });

  it('exits 2 when an option is missing', () => {
    const run = match('--pattern', 'order-upserted.pattern.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--event <file>' not specified");
  });

  it('prints help with exit 0', () => {
    const run = match('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: dev events match');
    expect(run.stdout).toContain('--explain');
  });
});

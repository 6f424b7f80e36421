/**
 * The defaults of lib/infra, in the manner of aws-solutions-constructs: every optional prop of a
 * construct's props interface documents its `@default`, and a default named there is one that
 * defaults.ts exports, so the documentation cannot name a default that does not exist.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as defaults from '../../lib/infra/defaults';
import { REPO } from './helpers';

const INFRA = join(REPO, 'lib', 'infra');
const sources = readdirSync(INFRA)
  .filter((file) => file.endsWith('.ts'))
  .sort()
  .map((file) => ({ file, text: readFileSync(join(INFRA, file), 'utf8') }));

/** Each optional prop of each exported `…Props` interface, with the JSDoc block right above it. */
function optionalProps(): Array<{ where: string; doc: string }> {
  const out: Array<{ where: string; doc: string }> = [];
  for (const { file, text } of sources) {
    for (const body of text.matchAll(/export interface (\w+Props)\b[^{]*\{([\s\S]*?)\n\}/g)) {
      const [, name, members = ''] = body;
      // A JSDoc block that does not run past its own end (`*/`), then the optional prop.
      for (const prop of members.matchAll(/((?:\s*\/\*\*(?:(?!\*\/)[\s\S])*\*\/)?)\s*readonly (\w+)\?:/g)) {
        out.push({ where: `${file} ${name}.${prop[2]}`, doc: prop[1] ?? '' });
      }
    }
  }
  return out;
}

describe('lib/infra defaults', () => {
  it('every optional prop of a props interface says its @default', () => {
    const props = optionalProps();
    expect(props.length).toBeGreaterThan(20);
    expect(props.filter((p) => !p.doc.includes('@default')).map((p) => p.where)).toEqual([]);
  });

  it('every @default that names a constant names one defaults.ts exports', () => {
    const named = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/@default ([A-Z][A-Z0-9_]+)(?:\.(\w+))?/g)].map((m) => ({
        where: file,
        constant: m[1]!,
        key: m[2],
      })),
    );
    expect(named.length).toBeGreaterThan(20);
    const exported = defaults as unknown as Record<string, Record<string, unknown> | undefined>;
    const unknown = named.filter(
      ({ constant, key }) =>
        exported[constant] === undefined || (key !== undefined && exported[constant]?.[key] === undefined),
    );
    expect(unknown).toEqual([]);
  });
});

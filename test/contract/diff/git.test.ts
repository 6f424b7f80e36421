import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiffInputError } from '../../../lib/contract/diff/errors';
import { readSpecsAtRevision, readWorkingSpecs, resolveRevision } from '../../../lib/contract/diff/git';
import { baseSpec } from './helpers';
import { TempRepo } from './repo';

describe('git.ts', () => {
  let repo: TempRepo;
  let first: string;

  beforeEach(() => {
    repo = new TempRepo();
    repo.writeSpec(baseSpec());
    repo.write('api-specs/spec.schema.json', '{}\n');
    repo.write('api-specs/breaking-changes.allow.json', '[]\n');
    repo.write('api-specs/nested/ignored.json', '{}\n');
    repo.write('README.md', 'hello\n');
    first = repo.commit('first');
  });

  afterEach(() => repo.dispose());

  it('reads the spec files of api-specs/ at a revision, and only those', () => {
    repo.writeSpec({ ...baseSpec(), name: 'other' });
    repo.commit('second');
    expect(readSpecsAtRevision(repo.root, first).map((s) => s.file)).toEqual(['api-specs/shop.json']);
    const head = readSpecsAtRevision(repo.root, 'HEAD');
    expect(head.map((s) => s.file)).toEqual(['api-specs/other.json', 'api-specs/shop.json']);
    expect(JSON.parse(Buffer.from(head[1]?.text ?? '').toString('utf8'))).toEqual(baseSpec());
  });

  it('reads the committed text, not the working copy', () => {
    repo.write('api-specs/shop.json', '{ "edited": true }\n');
    expect(readSpecsAtRevision(repo.root, 'HEAD')[0]?.text).toEqual(
      Buffer.from(`${JSON.stringify(baseSpec(), null, 2)}\n`),
    );
    expect(readWorkingSpecs(repo.root)).toEqual([
      { file: 'api-specs/shop.json', text: Buffer.from('{ "edited": true }\n') },
    ]);
  });

  it('returns the bytes as stored, undecoded, so the parser can report a bad encoding where it is', () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x22, 0xff, 0x22, 0x7d, 0x00]);
    writeFileSync(join(repo.root, 'api-specs', 'shop.json'), bytes);
    repo.commit('bad bytes');
    expect(readSpecsAtRevision(repo.root, 'HEAD')[0]?.text).toEqual(bytes);
    expect(readWorkingSpecs(repo.root)[0]?.text).toEqual(bytes);
  });

  it('finds no specs at a revision without api-specs/', () => {
    const empty = new TempRepo();
    try {
      empty.write('README.md', 'x\n');
      empty.commit();
      expect(readSpecsAtRevision(empty.root, 'HEAD')).toEqual([]);
      expect(readWorkingSpecs(empty.root)).toEqual([]);
    } finally {
      empty.dispose();
    }
  });

  it('resolves branch names, HEAD~n and commit ids', () => {
    repo.commit('second');
    repo.git('branch', 'release', first);
    expect(resolveRevision(repo.root, 'release')).toBe(first);
    expect(resolveRevision(repo.root, 'HEAD~1')).toBe(first);
    expect(resolveRevision(repo.root, first.slice(0, 10))).toBe(first);
  });

  it.each(['no-such-branch', 'HEAD~5', '0123456789abcdef0123456789abcdef01234567', '--output=x'])(
    'throws DiffInputError naming the revision %s when it does not exist',
    (revision) => {
      expect(() => readSpecsAtRevision(repo.root, revision)).toThrow(DiffInputError);
      expect(() => readSpecsAtRevision(repo.root, revision)).toThrow(revision);
    },
  );

  it('throws DiffInputError outside a git repository', () => {
    const outside = new TempRepo();
    outside.remove('.git/HEAD');
    try {
      expect(() => readSpecsAtRevision(outside.root, 'HEAD')).toThrow(DiffInputError);
    } finally {
      outside.dispose();
    }
  });
});

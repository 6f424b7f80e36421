import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BaseChoice,
  branchNames,
  chooseBase,
  type DefaultBranch,
  defaultBase,
  describeBase,
  type GitFacts,
  givenBase,
  readGitFacts,
} from '../../lib/cli/git-revision';
import { EMPTY_TREE } from '../../lib/contract/diff/git';
import { FixtureRepo } from './helpers';

const HEAD = 'a'.repeat(40);
const MAIN = 'b'.repeat(40);
const FORK = 'c'.repeat(40);

const main: DefaultBranch = { ref: 'refs/heads/main', shown: 'main', name: 'main', commit: MAIN };
const originMain: DefaultBranch = {
  ref: 'refs/remotes/origin/main',
  shown: 'origin/main',
  name: 'main',
  commit: MAIN,
};
const originDevelop: DefaultBranch = {
  ref: 'refs/remotes/origin/develop',
  shown: 'origin/develop',
  name: 'develop',
  commit: MAIN,
};

const parent = (why: string): BaseChoice => ({ revision: 'HEAD~1', shown: 'HEAD~1', why });
const emptyTree = (why: string): BaseChoice => ({ revision: EMPTY_TREE, shown: "git's empty tree", why });
const mergeBase = (branch: string): BaseChoice => ({
  revision: FORK,
  shown: FORK.slice(0, 7),
  why: `the merge-base with ${branch}`,
});

describe('chooseBase', () => {
  it.each<[string, GitFacts, BaseChoice]>([
    [
      'no commit yet (or not a repository)',
      { hasParent: false },
      emptyTree('no commit yet: every spec is new'),
    ],
    [
      'on the default branch: its last commit',
      { head: HEAD, branch: 'main', hasParent: true, defaultBranch: main, mergeBase: HEAD },
      parent('the commit before HEAD on main, the default branch'),
    ],
    [
      "on the default branch's first commit: everything is new",
      { head: HEAD, branch: 'main', hasParent: false, defaultBranch: main, mergeBase: HEAD },
      emptyTree('HEAD has no parent: every spec is new'),
    ],
    [
      'on main in a clone: origin/HEAD names main',
      { head: HEAD, branch: 'main', hasParent: true, defaultBranch: originMain, mergeBase: MAIN },
      parent('the commit before HEAD on origin/main, the default branch'),
    ],
    [
      'on a branch: everything since it left the default branch',
      { head: HEAD, branch: 'feature', hasParent: true, defaultBranch: main, mergeBase: FORK },
      mergeBase('main'),
    ],
    [
      "on a branch of a clone: the remote's default branch",
      { head: HEAD, branch: 'feature/x', hasParent: true, defaultBranch: originMain, mergeBase: FORK },
      mergeBase('origin/main'),
    ],
    [
      'on a branch with one commit of its own: still the merge-base, not the empty tree',
      { head: HEAD, branch: 'feature', hasParent: false, defaultBranch: main, mergeBase: FORK },
      mergeBase('main'),
    ],
    [
      'on a local main when the remote defaults to develop: main is a branch like any other',
      { head: HEAD, branch: 'main', hasParent: true, defaultBranch: originDevelop, mergeBase: FORK },
      mergeBase('origin/develop'),
    ],
    [
      'on a branch with no commit of its own: the merge-base is HEAD (only uncommitted changes count)',
      { head: FORK, branch: 'feature', hasParent: true, defaultBranch: main, mergeBase: FORK },
      mergeBase('main'),
    ],
    [
      'detached at the default branch: its last commit',
      { head: MAIN, hasParent: true, defaultBranch: originMain, mergeBase: MAIN },
      parent('the commit before HEAD on origin/main, the default branch'),
    ],
    [
      'detached at an earlier commit of the default branch: judged as the branch judged it',
      { head: FORK, hasParent: true, defaultBranch: originMain, mergeBase: FORK },
      parent('the commit before HEAD on origin/main, the default branch'),
    ],
    [
      'detached ahead of the default branch (a pull request checkout): the merge-base',
      { head: HEAD, hasParent: true, defaultBranch: originMain, mergeBase: FORK },
      mergeBase('origin/main'),
    ],
    [
      'on a branch with no history shared with the default branch',
      { head: HEAD, branch: 'orphan', hasParent: true, defaultBranch: main },
      parent('the commit before HEAD (no history shared with main)'),
    ],
    [
      'no default branch at all',
      { head: HEAD, branch: 'trunk', hasParent: true },
      parent('the commit before HEAD (no origin/HEAD, main or master branch)'),
    ],
    [
      'no default branch and a single commit',
      { head: HEAD, branch: 'trunk', hasParent: false },
      emptyTree('HEAD has no parent: every spec is new'),
    ],
  ])('%s', (_case, facts, want) => {
    expect(chooseBase(facts)).toEqual(want);
  });
});

describe('describeBase', () => {
  it('names the base and why, as the diff header shows it', () => {
    expect(describeBase(mergeBase('origin/main'))).toBe('base ccccccc, the merge-base with origin/main');
    expect(describeBase(givenBase('origin/release'))).toBe('base origin/release');
  });
});

describe('branchNames', () => {
  it.each([
    ['refs/remotes/origin/main', 'origin/main', 'main'],
    ['refs/remotes/origin/release/2026', 'origin/release/2026', 'release/2026'],
    ['refs/heads/master', 'master', 'master'],
  ])('%s is shown as %s and checked out as %s', (ref, shown, name) => {
    expect(branchNames(ref)).toEqual({ shown, name });
  });
});

describe('readGitFacts, on real repositories', () => {
  const repos: FixtureRepo[] = [];
  const dirs: string[] = [];
  afterAll(() => {
    for (const repo of repos) repo.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A repository on main with `commits` commits. */
  function repo(commits: number, branch = 'main'): FixtureRepo {
    const made = new FixtureRepo();
    repos.push(made);
    if (branch !== 'main') made.git('checkout', '-q', '-b', branch);
    for (let i = 0; i < commits; i++) made.commit(`commit ${i}`);
    return made;
  }

  const rev = (r: FixtureRepo, revision: string) => r.git('rev-parse', revision).trim();

  it('outside a repository, and before the first commit, knows of no commit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'not-a-repo-'));
    dirs.push(dir);
    expect(readGitFacts(dir)).toEqual({ hasParent: false });
    expect(readGitFacts(repo(0).dir)).toEqual({ hasParent: false });
    expect(defaultBase(dir).revision).toBe(EMPTY_TREE);
  });

  it('on main: the branch, its parent, main as the default branch', () => {
    const r = repo(2);
    const head = rev(r, 'HEAD');
    expect(readGitFacts(r.dir)).toEqual({
      head,
      branch: 'main',
      hasParent: true,
      defaultBranch: { ref: 'refs/heads/main', shown: 'main', name: 'main', commit: head },
      mergeBase: head,
    });
    expect(defaultBase(r.dir).revision).toBe('HEAD~1');
  });

  it('on a branch: the merge-base with main', () => {
    const r = repo(2);
    const fork = rev(r, 'HEAD');
    r.git('checkout', '-q', '-b', 'feature');
    r.commit('on the branch');
    r.git('checkout', '-q', 'main');
    r.commit('main moves on');
    r.git('checkout', '-q', 'feature');
    expect(readGitFacts(r.dir)).toMatchObject({ branch: 'feature', mergeBase: fork });
    expect(defaultBase(r.dir)).toEqual({
      revision: fork,
      shown: fork.slice(0, 7),
      why: 'the merge-base with main',
    });
  });

  it('falls back to master, and finds no default branch when there is neither', () => {
    const master = repo(1, 'master');
    master.git('checkout', '-q', '-b', 'feature');
    expect(readGitFacts(master.dir).defaultBranch?.shown).toBe('master');
    expect(defaultBase(master.dir).why).toBe('the merge-base with master');
    const trunk = repo(1, 'trunk');
    expect(readGitFacts(trunk.dir).defaultBranch).toBeUndefined();
  });

  it('prefers origin/HEAD in a clone, and then compares a branch with origin/main', () => {
    const upstream = repo(2);
    const parentDir = mkdtempSync(join(tmpdir(), 'tributary-clone-'));
    dirs.push(parentDir);
    const clone = join(parentDir, 'clone');
    upstream.git('clone', '-q', upstream.dir, clone);
    // A local main that moved away from the remote's must not win over origin/HEAD.
    const inClone = (...args: string[]) =>
      upstream.git('-C', clone, '-c', 'user.email=t@example.com', '-c', 'user.name=T', ...args);
    inClone('commit', '-q', '--allow-empty', '-m', 'local only');
    inClone('checkout', '-q', '-b', 'feature');
    const facts = readGitFacts(clone);
    expect(facts.defaultBranch).toEqual({
      ref: 'refs/remotes/origin/main',
      shown: 'origin/main',
      name: 'main',
      commit: rev(upstream, 'HEAD'),
    });
    expect(chooseBase(facts).why).toBe('the merge-base with origin/main');
  });

  it('knows a detached HEAD and a branch with no shared history', () => {
    const r = repo(3);
    r.git('checkout', '-q', '--detach', 'HEAD~1');
    const detached = readGitFacts(r.dir);
    expect(detached.branch).toBeUndefined();
    expect(detached.mergeBase).toBe(detached.head);
    expect(defaultBase(r.dir).revision).toBe('HEAD~1');
    r.git('checkout', '-q', '--orphan', 'orphan');
    r.commit('unrelated');
    const orphan = readGitFacts(r.dir);
    expect(orphan).toMatchObject({ branch: 'orphan', hasParent: false });
    expect(orphan.mergeBase).toBeUndefined();
    expect(defaultBase(r.dir).revision).toBe(EMPTY_TREE);
  });
});

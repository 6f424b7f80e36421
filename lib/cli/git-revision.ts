import { execFileSync } from 'node:child_process';
import { EMPTY_TREE } from '../contract/diff/git';

/**
 * The base `dev check` compares with when no `--base` is given. A change is judged by what it
 * adds to the branch it will land on: on a feature branch that is everything since the branch
 * left the default branch (its merge-base with it), so a breaking commit and its revert cancel
 * out; on the default branch it is the last commit (HEAD~1); with no earlier commit, everything
 * is new (git's empty tree). {@link chooseBase} decides from {@link GitFacts}, which
 * {@link readGitFacts} asks git for.
 */

/** A branch the work tree may have started from. */
export interface DefaultBranch {
  /** The full ref: `refs/remotes/origin/main`, `refs/heads/main`. */
  readonly ref: string;
  /** How people name it: `origin/main`, `main`. */
  readonly shown: string;
  /** The branch's own name, to recognize it checked out: `main` (for `origin/main` too). */
  readonly name: string;
  /** The commit it points at. */
  readonly commit: string;
}

/** What git says about the work tree, as much as choosing the base needs. */
export interface GitFacts {
  /** HEAD's commit; undefined outside a repository or before the first commit. */
  readonly head?: string;
  /** The checked-out branch (`feature/x`); undefined on a detached HEAD. */
  readonly branch?: string;
  /** Whether HEAD has a parent (HEAD~1 exists). */
  readonly hasParent: boolean;
  /** The remote's default branch (origin/HEAD), else main, else master; undefined when none exists. */
  readonly defaultBranch?: DefaultBranch;
  /** The merge-base of HEAD and the default branch; undefined when they share no history (or a shallow clone lacks it). */
  readonly mergeBase?: string;
}

/** The revision to compare with, how to show it and why it was chosen. */
export interface BaseChoice {
  /** What `diffProject` compares with: `HEAD~1`, a commit id, {@link EMPTY_TREE}, or what `--base` gave. */
  readonly revision: string;
  /** How the report names it: `HEAD~1`, an abbreviated commit, `git's empty tree`. */
  readonly shown: string;
  /** Why this base, for the report header; undefined when `--base` chose it. */
  readonly why?: string;
}

const PARENT = 'HEAD~1';

/** Whether HEAD is the default branch: checked out by name, or a detached commit of its history. */
function onDefaultBranch(facts: GitFacts, branch: DefaultBranch): boolean {
  if (facts.branch !== undefined) return facts.branch === branch.name;
  // A detached HEAD equal to the default branch, or behind it (CI checking out an earlier commit
  // of it), is a commit of that branch: judge it as the branch judged it, against its parent.
  return facts.head === branch.commit || facts.mergeBase === facts.head;
}

/** The commit before HEAD, or the empty tree when HEAD has no parent; `why` says how HEAD stands. */
function parentOrEmpty(facts: GitFacts, why: string): BaseChoice {
  if (facts.hasParent) return { revision: PARENT, shown: PARENT, why: `the commit before HEAD ${why}` };
  return { revision: EMPTY_TREE, shown: "git's empty tree", why: 'HEAD has no parent: every spec is new' };
}

/**
 * The default base, from git facts alone (pure): on a branch other than the default branch, its
 * merge-base with the default branch; on the default branch (or a detached HEAD of its history),
 * HEAD~1; with no parent, the empty tree. Without a default branch, or without a merge-base with
 * it, HEAD~1 as well.
 */
export function chooseBase(facts: GitFacts): BaseChoice {
  if (facts.head === undefined) {
    return { revision: EMPTY_TREE, shown: "git's empty tree", why: 'no commit yet: every spec is new' };
  }
  const branch = facts.defaultBranch;
  if (branch === undefined) return parentOrEmpty(facts, '(no origin/HEAD, main or master branch)');
  if (onDefaultBranch(facts, branch)) return parentOrEmpty(facts, `on ${branch.shown}, the default branch`);
  if (facts.mergeBase === undefined) return parentOrEmpty(facts, `(no history shared with ${branch.shown})`);
  return {
    revision: facts.mergeBase,
    shown: facts.mergeBase.slice(0, 7),
    why: `the merge-base with ${branch.shown}`,
  };
}

/** `base <shown>, <why>`: the header of the diff section (`== diff (base 1a2b3c4, the merge-base with main)`). */
export function describeBase(choice: BaseChoice): string {
  return choice.why === undefined ? `base ${choice.shown}` : `base ${choice.shown}, ${choice.why}`;
}

/** The base `--base` gave: shown as given, with no reason to add. */
export function givenBase(revision: string): BaseChoice {
  return { revision, shown: revision };
}

/** Trimmed stdout of a git command, or undefined when it fails (no such ref, not a repository). */
function gitOutput(root: string, args: readonly string[]): string | undefined {
  try {
    const out = execFileSync('git', ['-C', root, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
}

function commitOf(root: string, revision: string): string | undefined {
  return gitOutput(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]);
}

/** `refs/remotes/origin/main` → `origin/main` (shown) and `main` (name); `refs/heads/main` → `main`. */
export function branchNames(ref: string): { shown: string; name: string } {
  const remote = /^refs\/remotes\/[^/]+\/(.+)$/.exec(ref);
  if (remote?.[1] !== undefined) return { shown: ref.slice('refs/remotes/'.length), name: remote[1] };
  const shown = ref.replace(/^refs\/heads\//, '');
  return { shown, name: shown };
}

/** The remote's default branch (origin/HEAD), else main, else master (local, then origin's). */
function findDefaultBranch(root: string): DefaultBranch | undefined {
  const remoteDefault = gitOutput(root, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']);
  const candidates = [
    ...(remoteDefault ? [remoteDefault] : []),
    'refs/heads/main',
    'refs/remotes/origin/main',
    'refs/heads/master',
    'refs/remotes/origin/master',
  ];
  for (const ref of candidates) {
    const commit = commitOf(root, ref);
    if (commit !== undefined) return { ref, ...branchNames(ref), commit };
  }
  return undefined;
}

/** Asks git what {@link chooseBase} needs; outside a repository, a work tree with no commit. */
export function readGitFacts(root: string): GitFacts {
  const head = commitOf(root, 'HEAD');
  if (head === undefined) return { hasParent: false };
  const branch = gitOutput(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  const hasParent = commitOf(root, PARENT) !== undefined;
  const defaultBranch = findDefaultBranch(root);
  const mergeBase = defaultBranch && gitOutput(root, ['merge-base', 'HEAD', defaultBranch.ref]);
  return {
    head,
    hasParent,
    ...(branch !== undefined ? { branch } : {}),
    ...(defaultBranch !== undefined ? { defaultBranch } : {}),
    ...(mergeBase !== undefined ? { mergeBase } : {}),
  };
}

/** The base `dev check` compares with when none is given (see the top of this file). */
export function defaultBase(root: string): BaseChoice {
  return chooseBase(readGitFacts(root));
}

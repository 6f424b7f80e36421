import { execFileSync } from 'node:child_process';
import { EMPTY_TREE } from '../spec/diff/git';

/** Whether `revision` names a commit or tree in the repository at `root`. */
export function revisionExists(root: string, revision: string): boolean {
  try {
    execFileSync('git', ['-C', root, 'rev-parse', '--verify', '--quiet', `${revision}^{tree}`], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * The base `dev check` compares with when none is given: the parent of HEAD, so a commit is
 * judged against the one it follows; with no parent, the empty tree (every spec is new).
 */
export function defaultBase(root: string): string {
  return revisionExists(root, 'HEAD~1') ? 'HEAD~1' : EMPTY_TREE;
}

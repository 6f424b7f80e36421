import type { LintRule } from '../rule';
import { operationsOf } from '../walk';

export const authNone: LintRule = {
  id: 'auth-none',
  description:
    'An operation with `auth: "none"` can be called by anyone on the internet; each one must be accepted deliberately in the allow file.',
  check(spec, report) {
    for (const { operation, key, jsonPath, at } of operationsOf(spec)) {
      if (operation.auth !== 'none') continue;
      report(
        [...jsonPath, 'auth'],
        at,
        `${key} has auth "none": anyone on the internet can call it`,
        'Remove "auth" to require IAM (SigV4) callers, or accept it in api-specs/lint.allow.json with the reason it must be public.',
      );
    }
  },
};

/**
 * Identity-policy statements evaluated as IAM does, for what `dev up --iam` enforces locally: an
 * explicit Deny wins, else an Allow grants, else the request is denied (implicitly). A statement
 * applies when its Resource (or NotResource) covers the resource and every condition holds.
 *
 * Conditions: the string operators (StringEquals, StringNotEquals, StringEqualsIgnoreCase,
 * StringNotEqualsIgnoreCase, StringLike, StringNotLike), each with `IfExists` and the
 * `ForAnyValue:`/`ForAllValues:` qualifiers, and Null; keys are matched without regard to case, as
 * IAM does. Any other operator is not known locally and its statement does not apply: a Deny that
 * cannot be evaluated denies nothing, an Allow grants nothing (so nothing is allowed that AWS might
 * refuse, except what such a Deny would have refused).
 */
import type { LocalPolicyStatement } from './model';

/** IAM's wildcard match: `*` any run of characters, `?` any one. */
export function wildcardMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'is' : 's').test(value);
}

/** Whether an `Action` list (or a `NotAction` one, when `not`) covers `action`; actions ignore case. */
export function actionCovered(patterns: readonly string[], action: string, not = false): boolean {
  const listed = patterns.some((pattern) => wildcardMatches(pattern, action, true));
  return not ? !listed : listed;
}

/** The request as the statements see it: the resource's ARN and the condition keys' values. */
export interface PolicyRequest {
  readonly resource: string;
  /** Condition key (any case) → value; a key not here is absent from the request. */
  readonly context: Readonly<Record<string, string>>;
}

export type PolicyDecision = 'allowed' | 'explicitly-denied' | 'implicitly-denied';

/** How to treat the clauses on some keys: as holding, or not, whatever the request says. */
export type ClauseOverride = (key: string, effect: LocalPolicyStatement['effect']) => boolean | undefined;

function contextValue(context: PolicyRequest['context'], key: string): string | undefined {
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) if (name.toLowerCase() === wanted) return value;
  return undefined;
}

const STRING_OPERATORS: Readonly<Record<string, (value: string, wanted: string) => boolean>> = {
  StringEquals: (value, wanted) => value === wanted,
  StringEqualsIgnoreCase: (value, wanted) => value.toLowerCase() === wanted.toLowerCase(),
  StringLike: (value, wanted) => wildcardMatches(wanted, value),
};
const NEGATED: Readonly<Record<string, string>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
};

/** Whether one clause (operator, key, values) holds; undefined when the operator is not known locally. */
export function clauseHolds(
  operator: string,
  key: string,
  values: readonly string[],
  request: PolicyRequest,
): boolean | undefined {
  const value = contextValue(request.context, key);
  if (operator === 'Null') {
    // "Null": "true" holds when the key is absent, "false" when it is present.
    return values.some((wanted) => (wanted === 'true') === (value === undefined));
  }
  const qualifier = /^(ForAnyValue|ForAllValues):/.exec(operator)?.[1];
  let base = qualifier === undefined ? operator : operator.slice(qualifier.length + 1);
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  const negatedOf = NEGATED[base];
  const compare = STRING_OPERATORS[negatedOf ?? base];
  if (compare === undefined) return undefined;
  if (value === undefined) {
    // An absent key: IfExists and ForAllValues hold; a negated operator holds too (nothing equals).
    return ifExists || qualifier === 'ForAllValues' || negatedOf !== undefined;
  }
  const matches = values.some((wanted) => compare(value, wanted));
  return negatedOf === undefined ? matches : !matches;
}

function statementApplies(
  statement: LocalPolicyStatement,
  request: PolicyRequest,
  override: ClauseOverride | undefined,
): boolean {
  const listed = statement.resources.some((pattern) => wildcardMatches(pattern, request.resource));
  if (statement.notResource ? listed : !listed) return false;
  for (const [operator, clauses] of Object.entries(statement.condition ?? {})) {
    for (const [key, values] of Object.entries(clauses)) {
      const holds = override?.(key, statement.effect) ?? clauseHolds(operator, key, values, request);
      if (holds !== true) return false;
    }
  }
  return true;
}

/** Evaluates statements that all concern the request's action. */
export function evaluatePolicy(
  statements: readonly LocalPolicyStatement[],
  request: PolicyRequest,
  override?: ClauseOverride,
): PolicyDecision {
  const applying = statements.filter((statement) => statementApplies(statement, request, override));
  if (applying.some((statement) => statement.effect === 'Deny')) return 'explicitly-denied';
  return applying.some((statement) => statement.effect === 'Allow') ? 'allowed' : 'implicitly-denied';
}

/**
 * Whether the caller of PutEvents may put each entry, under `dev up --iam`, as EventBridge decides
 * it with the caller's identity policies (the function's execution role, read from the template):
 *
 * - No statement of the caller allows `events:PutEvents` on an entry's bus, whatever the entry: the
 *   call fails as a whole with `AccessDeniedException` (HTTP 400), IAM's message naming the caller,
 *   the action and the bus.
 * - Otherwise each entry is decided on its own (the request context has `events:source`,
 *   `events:detail-type` and `events:eventBusInvocation` false), and a refused entry gets the error
 *   code EventBridge's PutEventsResultEntry documents for it while the others go through:
 *   `NotAuthorizedForSourceException` when another source would have been allowed (an
 *   `events:source` condition refused it), `NotAuthorizedForDetailTypeException` likewise for
 *   `events:detail-type`, else `AccessDeniedException`.
 *
 * The developer's own credentials (LOCAL_CREDENTIALS) may put anything, as an administrator would.
 */
import type { LocalPrincipal } from '../credentials';
import { evaluatePolicy, type PolicyDecision, type PolicyRequest } from '../iam-policy';
import type { LocalPolicyStatement } from '../model';

export const PUT_EVENTS_ACTION = 'events:PutEvents';
/** The condition keys EventBridge sets for PutEvents. */
const CONDITION_KEYS = ['events:source', 'events:detail-type', 'events:eventBusInvocation'];

export interface EntryToAuthorize {
  readonly busArn: string;
  readonly source: string;
  readonly detailType: string;
}

export interface EntryRefusal {
  readonly errorCode:
    | 'NotAuthorizedForSourceException'
    | 'NotAuthorizedForDetailTypeException'
    | 'AccessDeniedException';
  readonly errorMessage: string;
}

export type PutEventsAuthorization =
  | { readonly ok: false; readonly type: 'AccessDeniedException'; readonly message: string }
  /** Per entry, in order: undefined when it may be put. */
  | { readonly ok: true; readonly entries: readonly (EntryRefusal | undefined)[] };

/** `arn:aws:events:<region>:<account>:event-bus/<name>`: the resource PutEvents is authorized on. */
export function busArn(region: string, account: string, busName: string): string {
  return `arn:aws:events:${region}:${account}:event-bus/${busName}`;
}

function request(entry: EntryToAuthorize): PolicyRequest {
  return {
    resource: entry.busArn,
    context: {
      'events:source': entry.source,
      'events:detail-type': entry.detailType,
      'events:eventBusInvocation': 'false',
    },
  };
}

/** The decision if the clauses on `keys` went the entry's way (held in Allows, not in Denies). */
function decisionBut(
  statements: readonly LocalPolicyStatement[],
  entry: EntryToAuthorize,
  keys: readonly string[],
): PolicyDecision {
  const wanted = new Set(keys.map((key) => key.toLowerCase()));
  return evaluatePolicy(statements, request(entry), (key, effect) =>
    wanted.has(key.toLowerCase()) ? effect === 'Allow' : undefined,
  );
}

export function authorizePutEvents(
  principal: LocalPrincipal,
  entries: readonly EntryToAuthorize[],
): PutEventsAuthorization {
  if (principal.kind === 'developer') return { ok: true, entries: entries.map(() => undefined) };
  const statements = principal.role?.putEventsStatements ?? [];
  for (const entry of entries) {
    const decision = decisionBut(statements, entry, CONDITION_KEYS);
    if (decision !== 'allowed') {
      const why =
        decision === 'explicitly-denied'
          ? 'with an explicit deny in an identity-based policy'
          : `because no identity-based policy allows the ${PUT_EVENTS_ACTION} action`;
      return {
        ok: false,
        type: 'AccessDeniedException',
        message: `User: ${principal.arn} is not authorized to perform: ${PUT_EVENTS_ACTION} on resource: ${entry.busArn} ${why}`,
      };
    }
  }
  return {
    ok: true,
    entries: entries.map((entry): EntryRefusal | undefined => {
      if (evaluatePolicy(statements, request(entry)) === 'allowed') return undefined;
      if (decisionBut(statements, entry, ['events:source']) === 'allowed') {
        return {
          errorCode: 'NotAuthorizedForSourceException',
          errorMessage: 'Not authorized for the source.',
        };
      }
      if (decisionBut(statements, entry, ['events:detail-type']) === 'allowed') {
        return {
          errorCode: 'NotAuthorizedForDetailTypeException',
          errorMessage: 'Not authorized for the detail type.',
        };
      }
      return {
        errorCode: 'AccessDeniedException',
        errorMessage: `User: ${principal.arn} is not authorized to perform: ${PUT_EVENTS_ACTION} on resource: ${entry.busArn}`,
      };
    }),
  };
}

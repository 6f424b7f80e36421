import type { JsonPath } from '../diagnostic';
import { allOperations, normalizePath, type OperationRef } from '../model';
import type { LoadedSpec } from '../validate/context';
import { type Change, compareStrings, type Level, levelRank, type Side } from './change';
import { computeTypeReach, NO_REACH, type Reach, sidesOf } from './reach';
import { defaultLevel, type RuleId } from './rules';

/** What one side (or, for side-independent rules, `any`) makes of an edit. */
export interface Verdict {
  readonly side: Side | 'any';
  readonly rule: RuleId;
  /** Defaults to the rule's level. */
  readonly level?: Level;
  /** The consequence, for the message: "old clients reading it will not find it". */
  readonly why: string;
}

/** One edit at one place, with the verdict of every side that reaches it. */
export interface Edit {
  readonly at: string;
  /** Where the edit is in the head spec; the nearest existing parent gives the position. */
  readonly path: JsonPath;
  readonly reach: Reach;
  /** What changed, naming the element: `field "email" of model "user" was removed`. */
  readonly what: string;
  /** Verdicts; `undefined` entries (safe on that side) are ignored. No verdict: nothing is reported. */
  readonly verdicts: ReadonlyArray<Verdict | undefined>;
  /** For a removal: the removed element's `deprecation` in the base, which lowers the rule to `deprecated-removed`. */
  readonly deprecation?: { readonly description: string } | undefined;
}

const SIDE_PREFERENCE: Record<Verdict['side'], number> = { response: 0, request: 1, any: 2 };

function byWorst(a: Verdict, b: Verdict): number {
  return (
    levelRank(a.level ?? defaultLevel(a.rule)) - levelRank(b.level ?? defaultLevel(b.rule)) ||
    SIDE_PREFERENCE[a.side] - SIDE_PREFERENCE[b.side]
  );
}

/** `GET /users/:` : the identity of an operation, ignoring parameter names. */
export function operationIdentity(ref: Pick<OperationRef, 'operation' | 'path'>): string {
  return `${ref.operation.method} ${normalizePath(ref.path)}`;
}

function operationsByIdentity(loaded: LoadedSpec): Map<string, OperationRef> {
  const out = new Map<string, OperationRef>();
  for (const ref of allOperations(loaded.spec)) {
    const identity = operationIdentity(ref);
    if (!out.has(identity)) out.set(identity, ref);
  }
  return out;
}

/**
 * The state of one spec comparison: the two specs, operations matched by identity, base type
 * reachability translated to head operation keys, and the changes found so far.
 */
export class DiffContext {
  readonly changes: Change[] = [];
  readonly baseOperations: Map<string, OperationRef>;
  readonly headOperations: Map<string, OperationRef>;
  /** Base operation key → head operation key, for operations that survive. */
  private readonly surviving = new Map<string, string>();
  private readonly typeReach: Map<string, Reach>;

  constructor(
    readonly service: string,
    readonly file: string,
    readonly base: LoadedSpec,
    readonly head: LoadedSpec,
  ) {
    this.baseOperations = operationsByIdentity(base);
    this.headOperations = operationsByIdentity(head);
    for (const [identity, ref] of this.baseOperations) {
      const match = this.headOperations.get(identity);
      if (match) this.surviving.set(ref.key, match.key);
    }
    this.typeReach = computeTypeReach(base.spec);
  }

  /** The head key of a base operation, or undefined when it is no longer served. */
  headKeyOf(baseKey: string): string | undefined {
    return this.surviving.get(baseKey);
  }

  /**
   * Which surviving operations reached a named type of the base spec, per side (head keys).
   * Removed operations are left out: their removal is reported on its own.
   */
  reachOfType(name: string): Reach {
    const reach = this.typeReach.get(name) ?? NO_REACH;
    const translate = (keys: ReadonlySet<string>) =>
      new Set([...keys].map((k) => this.headKeyOf(k)).filter((k): k is string => k !== undefined));
    return { request: translate(reach.request), response: translate(reach.response) };
  }

  /** Records an edit as one change: the worst verdict counts, the others are named in the message. */
  report(edit: Edit): void {
    const verdicts = edit.verdicts.filter((v): v is Verdict => v !== undefined).sort(byWorst);
    const worst = verdicts[0];
    if (!worst) return;
    let rule: RuleId = worst.rule;
    let level: Level = worst.level ?? defaultLevel(worst.rule);
    let message = `${edit.what}: ${worst.why}`;
    const others = verdicts
      .slice(1)
      .filter((v) => v.rule !== worst.rule)
      .map((v) => `${v.rule} (${v.level ?? defaultLevel(v.rule)}) on the ${v.side} side`);
    if (others.length > 0) message += ` (also ${others.join(', ')})`;
    if (edit.deprecation && levelRank(level) <= levelRank('warning')) {
      message += `; it was deprecated ("${edit.deprecation.description}"), so deprecated-removed replaces ${rule}`;
      rule = 'deprecated-removed';
      level = defaultLevel('deprecated-removed');
    }
    const { line, column } = this.head.source.positionOf(edit.path);
    this.changes.push({
      rule,
      level,
      service: this.service,
      at: edit.at,
      sides: sidesOf(edit.reach),
      operations: [...new Set([...edit.reach.request, ...edit.reach.response])].sort(compareStrings),
      message,
      file: this.file,
      line,
      column,
    });
  }
}

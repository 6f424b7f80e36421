import type { JsonPath } from '../diagnostic';
import type { Field } from '../schema';
import type { DiffContext, Verdict } from './context';
import { sameJson, showJson } from './json-value';
import type { Reach } from './reach';
import { classifyTypeChange } from './type-change';

/**
 * Field and parameter comparison. A field is judged on every side its model is reached from; a
 * parameter only on the request side of its operation. Each kind of edit (presence, type,
 * bounds, digits, pattern and format, optionality and default, personal data, description) is one change.
 */
export type MemberKind = 'field' | 'parameter';

/** Where a member is: its kind, how messages name it, its place, its head path and its reach. */
export interface MemberSite {
  readonly kind: MemberKind;
  /** `field "email" of model "user"`, `parameter "limit" of GET /users`. */
  readonly label: string;
  readonly at: string;
  /** The member in the head spec (for a removed one: the list it was in). */
  readonly path: JsonPath;
  readonly reach: Reach;
}

export const PERSONAL_DATA = 'personal_data';

/** Clients must send it: required (the default) and no default for the server to fill in. */
export function clientMustSend(member: Field): boolean {
  return member.required !== false && member.default === undefined;
}

/** The server always writes it: required, or filled in from its default. */
export function alwaysWritten(member: Field): boolean {
  return member.required !== false || member.default !== undefined;
}

function requestVerdict(site: MemberSite, verdict: () => Verdict | undefined): Verdict | undefined {
  return site.reach.request.size > 0 ? verdict() : undefined;
}

function responseVerdict(site: MemberSite, verdict: () => Verdict | undefined): Verdict | undefined {
  return site.kind === 'field' && site.reach.response.size > 0 ? verdict() : undefined;
}

export function memberAdded(ctx: DiffContext, site: MemberSite, head: Field): void {
  const required = clientMustSend(head);
  ctx.report({
    at: site.at,
    path: site.path,
    reach: site.reach,
    what: `${site.label} was added${required ? ' as required, with no default' : ''}`,
    verdicts: [
      requestVerdict(site, () => {
        if (site.kind === 'parameter') {
          return required
            ? {
                side: 'request',
                rule: 'parameter-added-required',
                why: 'old clients do not send it and are rejected',
              }
            : { side: 'request', rule: 'parameter-added-optional', why: 'clients may send it' };
        }
        return required
          ? {
              side: 'request',
              rule: 'request-field-added-required',
              why: 'old clients do not send it and are rejected',
            }
          : { side: 'request', rule: 'request-field-added-optional', why: 'clients may send it' };
      }),
      responseVerdict(site, () => ({
        side: 'response',
        rule: 'response-field-added',
        why: 'responses carry it; old clients ignore it',
      })),
    ],
  });
}

export function memberRemoved(ctx: DiffContext, site: MemberSite, base: Field): void {
  const written = alwaysWritten(base);
  ctx.report({
    at: site.at,
    path: site.path,
    reach: site.reach,
    what: `${site.label} was removed`,
    deprecation: base.deprecation,
    verdicts: [
      requestVerdict(site, () =>
        site.kind === 'parameter'
          ? {
              side: 'request',
              rule: 'parameter-removed',
              why: 'old clients that still send it are not rejected, but it has no effect',
            }
          : {
              side: 'request',
              rule: 'request-field-removed',
              why: 'old clients that still send it are not rejected (the runtime strips unknown fields)',
            },
      ),
      responseVerdict(site, () =>
        written
          ? {
              side: 'response',
              rule: 'response-field-removed',
              why: 'old clients that read it will not find it',
            }
          : {
              side: 'response',
              rule: 'response-field-removed',
              level: 'warning',
              why: 'old clients that read it will not find it (it was optional)',
            },
      ),
    ],
  });
}

function compareType(ctx: DiffContext, site: MemberSite, base: Field, head: Field): void {
  const change = classifyTypeChange(base.type, ctx.base.spec, head.type, ctx.head.spec);
  if (change === 'same') return;
  const unrelated = change === 'unrelated' ? ' (unrelated types)' : '';
  ctx.report({
    at: site.at,
    path: [...site.path, 'type'],
    reach: site.reach,
    what: `the type of ${site.label} changed from "${base.type}" to "${head.type}"${unrelated}`,
    verdicts: [
      requestVerdict(site, () =>
        change === 'widened'
          ? {
              side: 'request',
              rule: 'request-type-widened',
              why: 'the server accepts every value it accepted before',
            }
          : {
              side: 'request',
              rule: 'request-type-narrowed',
              why: 'the server may reject values old clients send',
            },
      ),
      responseVerdict(site, () =>
        change === 'narrowed'
          ? undefined
          : {
              side: 'response',
              rule: 'response-type-widened',
              why: 'old clients may receive values they do not understand',
            },
      ),
    ],
  });
}

type Bound = 'minimum' | 'maximum';

function boundEdit(bound: Bound, base: number | undefined, head: number | undefined): string | undefined {
  if (base === head) return undefined;
  if (base === undefined) return `${bound} ${head} added`;
  if (head === undefined) return `${bound} ${base} removed`;
  return `${bound} ${head > base ? 'raised' : 'lowered'} from ${base} to ${head}`;
}

/** Fewer values accepted: a minimum raised or added, a maximum lowered or added. */
export function boundsTightened(base: Field, head: Field): boolean {
  const min = head.minimum !== undefined && (base.minimum === undefined || head.minimum > base.minimum);
  const max = head.maximum !== undefined && (base.maximum === undefined || head.maximum < base.maximum);
  return min || max;
}

/** More values possible: a maximum raised or removed, a minimum lowered or removed. */
export function boundsWidened(base: Field, head: Field): boolean {
  const max = base.maximum !== undefined && (head.maximum === undefined || head.maximum > base.maximum);
  const min = base.minimum !== undefined && (head.minimum === undefined || head.minimum < base.minimum);
  return min || max;
}

function compareBounds(ctx: DiffContext, site: MemberSite, base: Field, head: Field): void {
  const edits = [
    boundEdit('minimum', base.minimum, head.minimum),
    boundEdit('maximum', base.maximum, head.maximum),
  ];
  const described = edits.filter((e): e is string => e !== undefined);
  if (described.length === 0) return;
  const key: Bound = base.minimum !== head.minimum ? 'minimum' : 'maximum';
  ctx.report({
    at: site.at,
    path: [...site.path, key],
    reach: site.reach,
    what: `the bounds of ${site.label} changed (${described.join(', ')})`,
    verdicts: [
      requestVerdict(site, () =>
        boundsTightened(base, head)
          ? {
              side: 'request',
              rule: 'request-bound-tightened',
              why: 'the server may reject values old clients send',
            }
          : undefined,
      ),
      responseVerdict(site, () =>
        boundsWidened(base, head)
          ? {
              side: 'response',
              rule: 'response-bound-widened',
              why: 'old clients may receive values outside the bounds they expect',
            }
          : undefined,
      ),
    ],
  });
}

/** How many digits a decimal may have: its `precision` and `scale`, each an upper limit. */
const DIGITS = ['precision', 'scale'] as const;
type Digits = (typeof DIGITS)[number];

function digitsEdit(key: Digits, base: number | undefined, head: number | undefined): string | undefined {
  if (base === head) return undefined;
  if (base === undefined) return `${key} ${head} added`;
  if (head === undefined) return `${key} ${base} removed`;
  return `${key} ${head > base ? 'raised' : 'lowered'} from ${base} to ${head}`;
}

/**
 * A decimal's `precision` or `scale` added, changed or removed: one kind of edit ("digits"), judged
 * like bounds, since both are upper limits. Fewer digits allowed (a key added or lowered) may reject
 * what old clients send (request side, error); more allowed (a key raised or removed) may send what
 * old clients reject (response side: generated clients check responses with the same schema, error).
 * The other directions are safe and not reported, as for bounds.
 */
function compareDigits(ctx: DiffContext, site: MemberSite, base: Field, head: Field): void {
  const edited = DIGITS.filter((key) => base[key] !== head[key]);
  const first = edited[0];
  if (first === undefined) return;
  const described = edited.map((key) => digitsEdit(key, base[key], head[key]));
  const tightened = edited.some((key) => {
    const after = head[key];
    const before = base[key];
    return after !== undefined && (before === undefined || after < before);
  });
  const widened = edited.some((key) => {
    const after = head[key];
    const before = base[key];
    return before !== undefined && (after === undefined || after > before);
  });
  ctx.report({
    at: site.at,
    path: [...site.path, first],
    reach: site.reach,
    what: `the digits of ${site.label} changed (${described.join(', ')})`,
    verdicts: [
      requestVerdict(site, () =>
        tightened
          ? {
              side: 'request',
              rule: 'request-digits-tightened',
              why: 'the server may reject values old clients send',
            }
          : undefined,
      ),
      responseVerdict(site, () =>
        widened
          ? {
              side: 'response',
              rule: 'response-digits-widened',
              why: 'old clients may receive values with more digits than they accept',
            }
          : undefined,
      ),
    ],
  });
}

/** What a string's text must look like: its `pattern` and `format`, each of which constrains it. */
const CONSTRAINTS = ['pattern', 'format'] as const;
type Constraint = (typeof CONSTRAINTS)[number];

function constraintEdit(
  key: Constraint,
  base: string | undefined,
  head: string | undefined,
): string | undefined {
  if (base === head) return undefined;
  if (base === undefined) return `${key} ${JSON.stringify(head)} added`;
  if (head === undefined) return `${key} ${JSON.stringify(base)} removed`;
  return `${key} changed from ${JSON.stringify(base)} to ${JSON.stringify(head)}`;
}

/**
 * A `pattern` or `format` added, changed or removed. Which values two different patterns (or
 * formats) accept cannot be compared, so a change counts as both narrowing and widening: on the
 * request side adding or changing one may reject what old clients send (error), removing one only
 * accepts more (info); on the response side removing or changing one may send what old clients
 * reject (generated clients check responses: error), adding one only sends less (info).
 */
function compareConstraints(ctx: DiffContext, site: MemberSite, base: Field, head: Field): void {
  const edited = CONSTRAINTS.filter((key) => base[key] !== head[key]);
  const first = edited[0];
  if (first === undefined) return;
  const described = edited.map((key) => constraintEdit(key, base[key], head[key]));
  const narrows = edited.some((key) => head[key] !== undefined);
  const widens = edited.some((key) => base[key] !== undefined);
  ctx.report({
    at: site.at,
    path: [...site.path, first],
    reach: site.reach,
    what: `the ${edited.join(' and ')} of ${site.label} changed (${described.join(', ')})`,
    verdicts: [
      requestVerdict(site, () =>
        narrows
          ? {
              side: 'request',
              rule: 'request-constraint-tightened',
              why: 'the server may reject values old clients send',
            }
          : {
              side: 'request',
              rule: 'request-constraint-loosened',
              why: 'the server accepts every value it accepted before',
            },
      ),
      responseVerdict(site, () =>
        widens
          ? {
              side: 'response',
              rule: 'response-constraint-loosened',
              why: 'old clients may receive values they reject',
            }
          : {
              side: 'response',
              rule: 'response-constraint-tightened',
              why: 'old clients receive only values they accept',
            },
      ),
    ],
  });
}

function compareOptionality(ctx: DiffContext, site: MemberSite, base: Field, head: Field): void {
  const requiredChanged = (base.required ?? true) !== (head.required ?? true);
  const defaultChanged = !sameJson(base.default, head.default);
  if (!requiredChanged && !defaultChanged) return;
  const parts: string[] = [];
  if (requiredChanged) parts.push(`required ${base.required ?? true} → ${head.required ?? true}`);
  if (defaultChanged) parts.push(`default ${showJson(base.default)} → ${showJson(head.default)}`);
  ctx.report({
    at: site.at,
    path: [...site.path, requiredChanged ? 'required' : 'default'],
    reach: site.reach,
    what: `${site.label} changed (${parts.join(', ')})`,
    verdicts: [
      requestVerdict(site, (): Verdict | undefined => {
        if (!clientMustSend(base) && clientMustSend(head)) {
          return {
            side: 'request',
            rule: site.kind === 'parameter' ? 'parameter-became-required' : 'request-field-became-required',
            why: 'old clients that leave it out are rejected',
          };
        }
        if (base.default !== undefined && head.default === undefined) {
          return {
            side: 'request',
            rule: 'request-default-removed',
            why: 'old clients that leave it out relied on the server filling it in',
          };
        }
        if (base.default !== undefined && defaultChanged) {
          return {
            side: 'request',
            rule: 'request-default-changed',
            why: 'old clients that leave it out silently get another value',
          };
        }
        return undefined;
      }),
      responseVerdict(site, () =>
        alwaysWritten(base) && !alwaysWritten(head)
          ? {
              side: 'response',
              rule: 'response-field-became-optional',
              why: 'old clients expect it in every response',
            }
          : undefined,
      ),
    ],
  });
}

function comparePersonalData(ctx: DiffContext, site: MemberSite, base: Field, head: Field): void {
  if (!base.annotations?.includes(PERSONAL_DATA) || head.annotations?.includes(PERSONAL_DATA)) return;
  ctx.report({
    at: site.at,
    path: [...site.path, 'annotations'],
    reach: site.reach,
    what: `${site.label} lost the ${PERSONAL_DATA} annotation`,
    verdicts: [
      {
        side: 'any',
        rule: 'personal-data-annotation-removed',
        why: 'its values may now reach logs and events',
      },
    ],
  });
}

/** Reports a change of `description` of any element. */
export function compareDescription(
  ctx: DiffContext,
  where: { readonly label: string; readonly at: string; readonly path: JsonPath; readonly reach: Reach },
  base: string | undefined,
  head: string | undefined,
): void {
  if (base === head) return;
  const how = base === undefined ? 'was added' : head === undefined ? 'was removed' : 'changed';
  ctx.report({
    at: where.at,
    path: [...where.path, 'description'],
    reach: where.reach,
    what: `the description of ${where.label} ${how}`,
    verdicts: [{ side: 'any', rule: 'description-changed', why: 'documentation only' }],
  });
}

/** Compares a member present on both sides. */
export function memberChanged(ctx: DiffContext, site: MemberSite, base: Field, head: Field): void {
  compareType(ctx, site, base, head);
  compareBounds(ctx, site, base, head);
  compareDigits(ctx, site, base, head);
  compareConstraints(ctx, site, base, head);
  compareOptionality(ctx, site, base, head);
  comparePersonalData(ctx, site, base, head);
  compareDescription(ctx, site, base.description, head.description);
}

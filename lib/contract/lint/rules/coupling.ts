import { type Coupling, couplings, cycleText } from '../../graph/coupling';
import { type CallSite, callSites } from '../../graph/service-graph';
import type { Spec } from '../../schema';
import type { LintRule } from '../rule';

/** The system's couplings, computed once per lint run (every spec of it asks). */
const bySystem = new WeakMap<readonly Spec[], Coupling[]>();

function systemCouplings(system: readonly Spec[]): Coupling[] {
  let found = bySystem.get(system);
  if (!found) {
    found = couplings(callSites(system));
    bySystem.set(system, found);
  }
  return found;
}

/** `orders: POST /orders calls GET /users/:id`. */
const stepText = (site: CallSite) => `${site.from}: ${site.byLabel} calls ${site.method} ${site.path}`;

export const coupling: LintRule = {
  id: 'coupling',
  severity: 'warning',
  description:
    'Services do not call each other round a cycle, directly or through subscribers that call back: coupled services cannot deploy, scale or fail alone.',
  check(spec, report, system) {
    // The linted spec may be missing from `system` (a spec linted on its own); it is part of it.
    const all = system.some((s) => s === spec)
      ? system
      : [...system.filter((s) => s.name !== spec.name), spec];
    for (const { closing, cycle, steps } of systemCouplings(all)) {
      if (closing.from !== spec.name) continue;
      report(
        closing.jsonPath,
        closing.by,
        `services coupled by calls: ${cycleText(cycle)} (${steps.map(stepText).join('; ')})`,
        `This call closes the cycle: none of ${[...new Set(cycle)].join(', ')} deploys, scales or fails without the others. ` +
          'Break it: publish an event instead of calling back (subscribers fetch what they need), or give the data one owner. ' +
          'If the cycle is reviewed and wanted, accept it in api-specs/lint.allow.json at this place, with the reason.',
      );
    }
  },
};

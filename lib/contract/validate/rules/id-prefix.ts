import { idPrefixFor } from '../../../../functions/runtime/ids';
import type { JsonPath } from '../../diagnostic';
import type { SpecRule } from '../context';

/** What functions/runtime/ids.ts can derive a prefix from: a lower snake case name. */
const DERIVABLE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/** A resource's effective id prefix, where it comes from, and where to report it. */
interface Prefixed {
  readonly resource: string;
  readonly prefix: string;
  readonly declared: boolean;
  readonly path: JsonPath;
}

function origin(entry: Prefixed): string {
  return entry.declared ? 'declared' : 'derived from its name';
}

/**
 * Ids name their resource (`usr-<ULID>`), so within a service a prefix names one resource: the
 * repository of each mints ids with it, and the generated `is<Resource>Id` guards tell them apart.
 * A resource without `id_prefix` gets the derived one (functions/runtime/ids.ts `idPrefixFor`),
 * which needs a lower snake case name.
 */
export const idPrefix: SpecRule = {
  id: 'id-prefix',
  description:
    'Every resource of a service has its own id prefix, declared (`id_prefix`) or derived from its lower snake case name.',
  check(spec, report) {
    const first = new Map<string, Prefixed>();
    for (const [resource, value] of Object.entries(spec.resources ?? {})) {
      let entry: Prefixed;
      if (value.id_prefix !== undefined) {
        entry = {
          resource,
          prefix: value.id_prefix,
          declared: true,
          path: ['resources', resource, 'id_prefix'],
        };
      } else if (DERIVABLE.test(resource)) {
        entry = { resource, prefix: idPrefixFor(resource), declared: false, path: ['resources', resource] };
      } else {
        report(
          ['resources', resource],
          `resource "${resource}" has no id prefix: one is derived only from a lower snake case name`,
          'Declare "id_prefix" (a lowercase letter, then up to 9 lowercase letters or digits), or rename the resource in lower snake case.',
        );
        continue;
      }
      const earlier = first.get(entry.prefix);
      if (earlier === undefined) {
        first.set(entry.prefix, entry);
        continue;
      }
      report(
        entry.path,
        `resources "${earlier.resource}" and "${resource}" would both mint ids prefixed "${entry.prefix}-" ` +
          `("${earlier.resource}": ${origin(earlier)}; "${resource}": ${origin(entry)})`,
        entry.declared
          ? `Change the "id_prefix" of "${resource}": a lowercase letter, then up to 9 lowercase letters or digits, used by no other resource.`
          : `Declare an "id_prefix" for "${resource}" (or "${earlier.resource}"): a lowercase letter, then up to 9 lowercase letters or digits, used by no other resource.`,
      );
    }
  },
};

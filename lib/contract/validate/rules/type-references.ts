import type { JsonPath } from '../../diagnostic';
import { didYouMean } from '../../suggest';
import {
  namedTypesOf,
  parseTypeRef,
  type TypeRef,
  TypeRefSyntaxError,
  tryParseTypeRef,
} from '../../type-ref';
import type { GraphRule, LoadedSpec, SpecRule } from '../context';
import { knownTypeNames, namedKind, nameHint, type TypeSite, typeSites } from './walk';

const TYPE_SYNTAX_HINT =
  'Write a primitive (string, integer, ...), [T] for a list, map[T] for a map with string keys, ' +
  'or the name of a model or enum of this spec.';

export const typeSyntax: SpecRule = {
  id: 'type-syntax',
  description: 'Every type reference is well formed: a primitive, [T], map[T] or a type name.',
  check(spec, report) {
    for (const site of typeSites(spec)) {
      try {
        parseTypeRef(site.type);
      } catch (error) {
        if (!(error instanceof TypeRefSyntaxError)) throw error;
        report(site.path, `malformed type of ${site.where}: ${error.message}`, TYPE_SYNTAX_HINT);
      }
    }
  },
};

const FOREIGN = 'types of another service cannot be used; services share identifiers, never models';
const FOREIGN_HINT =
  'Keep the other resource\'s id instead (a string field such as "user_id") and fetch it from its service\'s API, ' +
  'or define a model of this service with the fields it needs.';

/** Why `name` is not a type of `loaded`'s service when it belongs to (or names) another service. */
function foreignReason(name: string, loaded: LoadedSpec, specs: readonly LoadedSpec[]): string | undefined {
  const others = specs.filter((other) => other.spec.name !== loaded.spec.name);
  if (name.includes('.')) {
    const service = name.slice(0, name.indexOf('.'));
    if (service === loaded.spec.name) return undefined; // its own service: an unknown (or misspelt) name
    return `type "${name}" names a type of service "${service}"`;
  }
  const owner = others.find(
    (other) => namedKind(other.spec, name) === 'model' || namedKind(other.spec, name) === 'enum',
  );
  if (owner) return `type "${name}" is defined by service "${owner.spec.name}", not by "${loaded.spec.name}"`;
  const service = others.find((other) => other.spec.name === name);
  if (service) return `type "${name}" is the name of service "${service.spec.name}"`;
  return undefined;
}

function checkSite(
  loaded: LoadedSpec,
  specs: readonly LoadedSpec[],
  site: TypeSite,
  report: (path: JsonPath, message: string, hint: string) => void,
): void {
  const ref = tryParseTypeRef(site.type);
  if (!ref) return; // type-syntax reports it
  const reported = new Set<string>();
  for (const name of namedTypesOf(ref)) {
    if (reported.has(name) || namedKind(loaded.spec, name) !== undefined) continue;
    reported.add(name);
    const foreign = foreignReason(name, loaded, specs);
    if (foreign) {
      report(site.path, `${foreign} in ${site.where}: ${FOREIGN}`, FOREIGN_HINT);
      continue;
    }
    const own = name.startsWith(`${loaded.spec.name}.`) ? name.slice(loaded.spec.name.length + 1) : undefined;
    if (own !== undefined && namedKind(loaded.spec, own) !== undefined) {
      report(
        site.path,
        `unknown type "${name}" in ${site.where}: types of this spec are named without the service`,
        `Write "${own}".`,
      );
      continue;
    }
    report(
      site.path,
      `unknown type "${name}" in ${site.where}`,
      nameHint(
        didYouMean(own ?? name, knownTypeNames(loaded.spec)),
        `Declare a model or enum "${name}" in this spec, or use a primitive (string, integer, ...).`,
      ),
    );
  }
}

export const unknownType: GraphRule = {
  id: 'unknown-type',
  description:
    'Every type a field, parameter, body or response names is a primitive, generic_error, or a model or enum of the same spec.',
  check(specs, report) {
    for (const loaded of specs) {
      for (const site of typeSites(loaded.spec)) {
        checkSite(loaded, specs, site, (path, message, hint) => report(loaded, path, message, hint));
      }
    }
  },
};

/** `unit` and `generic_error` found in `ref`, except `ref` itself when a whole special type is allowed. */
function specialsIn(ref: TypeRef, wholeAllowed: boolean): string[] {
  switch (ref.kind) {
    case 'primitive':
      return ref.name === 'unit' && !wholeAllowed ? ['unit'] : [];
    case 'named':
      return ref.name === 'generic_error' && !wholeAllowed ? ['generic_error'] : [];
    default:
      return specialsIn(ref.of, false);
  }
}

function placementMessage(special: string, site: TypeSite): { message: string; hint: string } {
  if (special === 'unit') {
    return {
      message: `"unit" in ${site.where}: unit means "no body" and is only allowed as a whole response type`,
      hint:
        site.kind === 'response'
          ? 'Make the response type exactly "unit" for a response without a body.'
          : 'Use another type, or leave the field, parameter or body out.',
    };
  }
  return {
    message: `"generic_error" in ${site.where}: generic_error is only allowed as a whole response type`,
    hint:
      site.kind === 'response'
        ? 'Make the response type exactly "generic_error".'
        : 'Define a model of this spec with the fields it needs.',
  };
}

export const typePlacement: SpecRule = {
  id: 'type-placement',
  description: '`unit` and `generic_error` are only used as a whole response type.',
  check(spec, report) {
    for (const site of typeSites(spec)) {
      const ref = tryParseTypeRef(site.type);
      if (!ref) continue;
      for (const special of new Set(specialsIn(ref, site.kind === 'response'))) {
        const { message, hint } = placementMessage(special, site);
        report(site.path, message, hint);
      }
    }
  },
};

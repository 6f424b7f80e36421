import { tryParseTypeRef } from '../../type-ref';
import type { SpecRule } from '../context';
import { describeType, isScalar, memberSites, mentionsSpecial, mentionsUnknown } from './walk';

export const parameterType: SpecRule = {
  id: 'parameter-type',
  description:
    'A path parameter is a primitive (not object, json or unit) or an enum; a query parameter may also be a list of those.',
  check(spec, report) {
    for (const site of memberSites(spec)) {
      if (site.kind !== 'parameter') continue;
      const { type } = site.member;
      const ref = tryParseTypeRef(type);
      if (!ref || mentionsUnknown(spec, ref) || mentionsSpecial(ref)) continue;
      const inPath = site.inPath === true;
      if (isScalar(spec, ref)) continue;
      if (!inPath && ref.kind === 'list' && isScalar(spec, ref.of)) continue;
      report(
        [...site.path, 'type'],
        `${site.where} has type ${describeType(spec, ref, type)}; ` +
          (inPath
            ? 'a path parameter must be a primitive (not object, json or unit) or an enum'
            : 'a query parameter must be a primitive (not object, json or unit), an enum, or a list of them'),
        inPath
          ? 'Use a string id or another single plain value.'
          : 'Send structured input in a request body instead.',
      );
    }
  },
};

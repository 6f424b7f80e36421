import { tryParseTypeRef } from '../../type-ref';
import type { SpecRule } from '../context';
import { describeType, memberSites, mentionsSpecial, mentionsUnknown } from './walk';

/** Why `pattern` is not an ECMAScript regular expression with the `u` flag, if it is not. */
export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * `pattern` and `format` constrain a string's text: the generated zod checks them and OpenAPI
 * writes them. A pattern is compiled as generated code compiles it (`new RegExp(pattern, 'u')`),
 * so one that would throw at import time is reported here, at its place.
 */
export const stringConstraints: SpecRule = {
  id: 'string-constraints',
  description:
    '`pattern` and `format` are only on strings, and a `pattern` is an ECMAScript regular expression that compiles with the `u` flag.',
  check(spec, report) {
    for (const { member, path, where } of memberSites(spec)) {
      if (member.pattern === undefined && member.format === undefined) continue;
      const ref = tryParseTypeRef(member.type);
      // Malformed, unknown and misplaced types are reported by their own rules.
      if (!ref || mentionsUnknown(spec, ref) || mentionsSpecial(ref)) continue;
      const isString = ref.kind === 'primitive' && ref.name === 'string';
      for (const key of ['pattern', 'format'] as const) {
        if (member[key] === undefined || isString) continue;
        report(
          [...path, key],
          `${key} on ${where} of type ${describeType(spec, ref, member.type)}: ${key} applies only to strings`,
          ref.kind === 'list'
            ? `Remove "${key}": it cannot constrain the items of a list; use a model or an enum instead.`
            : `Remove "${key}", or make the type "string".`,
        );
      }
      if (member.pattern !== undefined) {
        const problem = patternProblem(member.pattern);
        if (problem) {
          report(
            [...path, 'pattern'],
            `pattern of ${where} is not a valid regular expression with the "u" flag: ${problem}`,
            'Write it without the surrounding slashes (a backslash is "\\\\" in JSON). The "u" flag is strict: ' +
              'escape a literal "{" or "}", and escape nothing that has no meaning (no "\\-" outside [...]).',
          );
        }
      }
    }
  },
};

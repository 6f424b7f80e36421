import { parseIp } from './cidr';
import type { ExactMatcher, LeafValue } from './types';

/**
 * Exact values: `["running", 5, true, null, ""]`. A string matches the same string only (case
 * and all), a number matches a number of the same value however it is written (`3.0e2` is
 * `300`), `true`/`false`/`null` match themselves. Strings never match numbers and `""` never
 * matches `null`. As in EventBridge's engine, a string that is an IP address literal also
 * matches the same address written differently (`"2001:db8::1"` and `"2001:DB8:0:0:0:0:0:1"`).
 */
export function exactPredicate(matcher: ExactMatcher): (value: LeafValue) => boolean {
  const wanted = matcher.value;
  if (typeof wanted === 'string') {
    const ip = parseIp(wanted);
    if (!ip) return (value) => value === wanted;
    return (value) => {
      if (value === wanted) return true;
      if (typeof value !== 'string') return false;
      const other = parseIp(value);
      return other !== undefined && other.version === ip.version && other.value === ip.value;
    };
  }
  return (value) => value === wanted;
}

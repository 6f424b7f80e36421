import type { JsonPath } from '../json-path';
import { invalid, kindOf, show } from './errors';
import type { CidrMatcher, LeafValue } from './types';

/**
 * IP address matching: `{ "cidr": "10.0.0.0/24" }` matches string values that are IPv4 or IPv6
 * addresses inside the range. As in EventBridge's engine, the mask must leave at least one
 * variable bit (IPv4 /0../31, IPv6 /0../127); a single address is matched with a bare value.
 */

export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

const IPV4 = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

function parseIpv4(text: string): bigint | undefined {
  let value = 0n;
  for (const part of text.split('.')) {
    if (part.length > 3) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): string[] | undefined => {
    if (half === undefined || half === '') return [];
    const parts = half.split(':');
    return parts.every((p) => /^[0-9a-fA-F]{1,4}$/.test(p)) ? parts : undefined;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const group of [...head, ...Array<string>(missing).fill('0'), ...tail]) {
    value = (value << 16n) | BigInt(Number.parseInt(group, 16));
  }
  return value;
}

/** The address an IPv4 or IPv6 literal denotes, or undefined when the text is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (IPV4.test(text)) {
    const value = parseIpv4(text);
    return value === undefined ? undefined : { version: 4, value };
  }
  if (IPV6.test(text)) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { version: 6, value };
  }
  return undefined;
}

export function parseCidr(value: unknown, path: JsonPath): CidrMatcher {
  const hint = 'Write a range such as "10.0.0.0/24" or "2001:db8::/32".';
  if (typeof value !== 'string') return invalid(path, `cidr takes a string, not ${kindOf(value)}`, hint);
  const slashed = value.split('/');
  if (slashed.length !== 2)
    return invalid(path, `${show(value)} is not a CIDR range: one "/" is required`, hint);
  const [address = '', bitsText = ''] = slashed;
  if (!/^[0-9]+$/.test(bitsText))
    return invalid(path, `${show(value)} is not a CIDR range: the mask bits must be a whole number`, hint);
  const ip = parseIp(address);
  if (!ip) return invalid(path, `${show(address)} is not an IPv4 or IPv6 address`, hint);
  const width = ip.version === 4 ? 32 : 128;
  const bits = Number(bitsText);
  if (bits > width - 1)
    return invalid(
      path,
      `IPv${ip.version} mask bits must be below ${width}`,
      `To match one address, give it as a bare value: ["${address}"].`,
    );
  const variable = BigInt(width - bits);
  const hostMask = (1n << variable) - 1n;
  return { op: 'cidr', version: ip.version, low: ip.value & ~hostMask, high: ip.value | hostMask };
}

export function cidrPredicate(matcher: CidrMatcher): (value: LeafValue) => boolean {
  return (value) => {
    if (typeof value !== 'string') return false;
    const ip = parseIp(value);
    return (
      ip !== undefined &&
      ip.version === matcher.version &&
      ip.value >= matcher.low &&
      ip.value <= matcher.high
    );
  };
}

import { type Check, type Invalid, invalid, shown } from './types.js';

/** The most CIDR blocks one AccessKey network policy may list. */
export const MAX_CIDRS = 8;

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const GROUP = /^[0-9a-f]{1,4}$/i;

/** An IPv4 address as 4 bytes, or null (no leading zeros in octets). */
function parseIPv4(s: string): number[] | null {
  return IPV4.test(s) ? s.split('.').map(Number) : null;
}

/** 16-bit groups of a part of an IPv6 address; the last may be an IPv4 tail when `tail` is true. */
function parseGroups(part: string, tail: boolean): number[] | null {
  if (part === '') return [];
  const fields = part.split(':');
  const groups: number[] = [];
  for (const [i, field] of fields.entries()) {
    if (tail && i === fields.length - 1 && field.includes('.')) {
      const v4 = parseIPv4(field);
      if (!v4) return null;
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else if (GROUP.test(field)) {
      groups.push(Number.parseInt(field, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/** An IPv6 address as 16 bytes, or null: full, `::`-compressed, or with an embedded IPv4 tail. */
function parseIPv6(s: string): number[] | null {
  const halves = s.split('::');
  let groups: number[] | null;
  if (halves.length === 1) {
    groups = parseGroups(s, true);
    if (groups?.length !== 8) return null;
  } else if (halves.length === 2) {
    const head = parseGroups(halves[0]!, false);
    const tail = parseGroups(halves[1]!, true);
    if (!head || !tail || head.length + tail.length > 7) return null;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    return null;
  }
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

function parseAddress(s: string): number[] | null {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

/** The address with every bit after the first `prefix` cleared. */
function mask(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
}

/** Canonical text (RFC 5952 for IPv6: lower case, no leading zeros, longest zero run as `::`). */
function formatAddress(bytes: number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

interface Parsed {
  bytes: number[];
  prefix: number;
}

/** Parses `address/prefix`, or returns the rule it breaks. */
function parseCidr(value: string): Parsed | Invalid {
  if (value === '') return invalid('validation.empty');
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const bytes = parseAddress(address);
  if (slash < 0) {
    if (!bytes) return invalid('validation.cidr.format', { value: shown(value) });
    return invalid('validation.cidr.missingPrefix', { suggestion: `${value}/${bytes.length * 8}` });
  }
  if (!bytes) return invalid('validation.cidr.address', { value: shown(address) });
  const max = bytes.length * 8;
  const prefixText = value.slice(slash + 1);
  const prefix = Number(prefixText);
  if (!/^(?:0|[1-9][0-9]{0,2})$/.test(prefixText) || prefix > max) {
    return invalid('validation.cidr.prefix', { max, value: shown(prefixText) });
  }
  return { bytes, prefix };
}

/**
 * The canonical network of a CIDR block: host bits cleared, IPv6 in RFC 5952
 * form (`10.1.2.3/8` → `10.0.0.0/8`, `2001:DB8:0:0::1/32` → `2001:db8::/32`).
 * Throws a RangeError when `cidr` is not `address/prefix`.
 */
export function networkOf(cidr: string): string {
  const parsed = parseCidr(cidr);
  if ('key' in parsed) throw new RangeError(`not a CIDR block: ${shown(cidr)}`);
  return `${formatAddress(mask(parsed.bytes, parsed.prefix))}/${parsed.prefix}`;
}

/**
 * A CIDR block: IPv4 `a.b.c.d/n` (octets 0–255 without leading zeros, n 0–32)
 * or IPv6 (full, `::`-compressed, or with an IPv4 tail) `/n` (0–128). Host
 * bits must be clear; when they are not, the network meant is suggested.
 */
export const checkCidr: Check = (value) => {
  const parsed = parseCidr(value);
  if ('key' in parsed) return parsed;
  const network = mask(parsed.bytes, parsed.prefix);
  if (network.some((b, i) => b !== parsed.bytes[i])) {
    return invalid('validation.cidr.hostBits', {
      value: shown(value),
      network: `${formatAddress(network)}/${parsed.prefix}`,
    });
  }
  return null;
};

/** An AccessKey network policy: every block valid, at most 8, none listed twice (compared canonically). */
export function checkCidrList(values: string[]): Invalid | null {
  if (values.length > MAX_CIDRS)
    return invalid('validation.cidrList.tooMany', { max: MAX_CIDRS, count: values.length });
  const seen = new Set<string>();
  for (const value of values) {
    const broken = checkCidr(value);
    if (broken) return broken;
    const network = networkOf(value);
    if (seen.has(network)) return invalid('validation.cidrList.duplicate', { value: shown(value) });
    seen.add(network);
  }
  return null;
}

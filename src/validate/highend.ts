import {
  DEFAULT_INSTANCE_TYPE,
  findInstanceType,
  HIGH_END_MIN_VCPU,
  INSTANCE_TYPES,
} from './instance-types.js';
import { REGION_IDS } from './regions.js';
import { type Check, closest, type Invalid, invalid, shown } from './types.js';

const QUOTA_MIN = 8;
const QUOTA_MAX = 2000;
const IDS = INSTANCE_TYPES.map((t) => t.id);

/**
 * An instance type to request: known to the catalog, with at least 8 vCPUs
 * (smaller types need no request, which has a key of its own).
 */
export const checkInstanceType: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  const type = findInstanceType(value);
  if (!type) {
    const suggestion = closest(value, IDS);
    if (suggestion !== undefined)
      return invalid('validation.instanceType.didYouMean', { value: shown(value), suggestion });
    return invalid('validation.instanceType.unknown', {
      value: shown(value),
      example: DEFAULT_INSTANCE_TYPE,
    });
  }
  if (type.vcpu < HIGH_END_MIN_VCPU) {
    return invalid('validation.instanceType.tooSmall', {
      value,
      vcpu: type.vcpu,
      min: HIGH_END_MIN_VCPU,
      example: `ecs.${type.family}.2xlarge`,
    });
  }
  return null;
};

/** The vCPU quota wanted in the region: a whole number from 8 to 2000. */
export function checkVcpuQuota(value: number): Invalid | null {
  if (!Number.isInteger(value)) return invalid('validation.vcpuQuota.integer', { value: String(value) });
  if (value < QUOTA_MIN || value > QUOTA_MAX) {
    return invalid('validation.vcpuQuota.range', { min: QUOTA_MIN, max: QUOTA_MAX, value });
  }
  return null;
}

/**
 * The supported region a zone id belongs to: a zone's id is its region's id
 * followed by a letter, after a `-` in mainland China and Hong Kong
 * (`cn-hangzhou-i`) and directly elsewhere (`ap-southeast-1a`).
 */
export function zoneRegion(zone: string): string | undefined {
  const m = /^(.+?)-?([a-z])$/.exec(zone);
  if (!m?.[1]) return undefined;
  const region = m[1];
  return REGION_IDS.includes(region) && zone.length === region.length + (/\d$/.test(region) ? 1 : 2)
    ? region
    : undefined;
}

/** A zone id of a supported region (`cn-hangzhou-i`, `ap-southeast-1a`); which region's is checked by the step. */
export const checkZone: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  if (zoneRegion(value) === undefined) return invalid('validation.zone.format', { value: shown(value) });
  return null;
};

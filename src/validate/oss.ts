import { DEFAULT_REGION, findRegion, REGION_IDS } from './regions.js';
import {
  type Check,
  closest,
  codePoints,
  describeChar,
  firstBadChar,
  type Invalid,
  invalid,
} from './types.js';

/** The products the wizard prepares for. */
export type Product = 'emr' | 'maxcompute' | 'both';

/**
 * An OSS bucket name: 3–63 characters of lower-case letters, digits and
 * hyphens, starting and ending with a letter or digit.
 */
export const checkBucketName: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  const length = codePoints(value);
  if (length < 3 || length > 63) return invalid('validation.bucket.length', { min: 3, max: 63, length });
  const bad = firstBadChar(value, /[a-z0-9-]/);
  if (bad !== undefined) return invalid('validation.bucket.characters', { char: describeChar(bad) });
  if (value.startsWith('-') || value.endsWith('-')) return invalid('validation.bucket.edge');
  return null;
};

/** A region id from {@link REGION_IDS}; suggests the closest one for a near miss. */
export const checkRegion: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  if (findRegion(value)) return null;
  const suggestion = closest(value, REGION_IDS);
  if (suggestion !== undefined) return invalid('validation.region.didYouMean', { value, suggestion });
  return invalid('validation.region.unknown', { value, regions: REGION_IDS.join(', ') });
};

/** A region that also suits the product: E-MapReduce (`emr`, `both`) needs a region that offers it. */
export function checkRegionForProduct(region: string, product: Product): Invalid | null {
  const broken = checkRegion(region);
  if (broken) return broken;
  if (product !== 'maxcompute' && !findRegion(region)?.emr) {
    const suggestion = region.startsWith('cn-') ? 'cn-shenzhen' : DEFAULT_REGION;
    return invalid('validation.region.noEmr', { value: region, suggestion });
  }
  return null;
}

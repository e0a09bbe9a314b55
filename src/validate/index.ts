/**
 * Pure, synchronous validators shared by the prompts, the answers-file schema
 * and the simulated provider. Each returns `null` for a valid value or an
 * {@link Invalid}: the catalog key of the broken rule (`validation.*`) and its params.
 */
export {
  checkAccessKeyId,
  checkAccessKeySecret,
  checkEmail,
  checkPassword,
  checkProfileName,
  checkVerificationCode,
} from './account.js';
export { COUNTRY_CODES, checkCountryCode } from './countries.js';
export { checkCreditCode, creditCodeCheckChar, isValidCreditCode } from './credit-code.js';
export { checkInstanceType, checkVcpuQuota, checkZone, zoneRegion } from './highend.js';
export { checkIdNumber, checkPassportNumber, type IdType } from './identity.js';
export {
  DEFAULT_INSTANCE_TYPE,
  findInstanceType,
  HIGH_END_MIN_VCPU,
  INSTANCE_TYPES,
  type InstanceType,
} from './instance-types.js';
export { checkCidr, checkCidrList, MAX_CIDRS, networkOf } from './network.js';
export { checkBucketName, checkRegion, checkRegionForProduct, type Product } from './oss.js';
export {
  checkPolicyList,
  checkPolicyName,
  checkRamPassword,
  checkRamUserName,
  MAX_RAM_POLICIES,
} from './ram.js';
export { DEFAULT_REGION, findRegion, ossEndpoint, REGION_IDS, REGIONS, type Region } from './regions.js';
export { checkResidentId, isValidResidentId, residentIdCheckChar } from './resident-id.js';
export {
  checkCompanyName,
  checkLegalName,
  checkLegalRepresentative,
  checkReason,
  checkWellFormed,
} from './text.js';
export type { Check, Invalid } from './types.js';

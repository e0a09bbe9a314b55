import { checkResidentId } from './resident-id.js';
import { type Check, codePoints, type Invalid, invalid } from './types.js';

/** The kinds of identity document an individual can verify with. */
export type IdType = 'cn-resident-id' | 'passport';

/** A passport number: 5–20 letters (A–Z, either case) and digits. */
export const checkPassportNumber: Check = (value) => {
  if (value === '') return invalid('validation.empty');
  const length = codePoints(value);
  if (length < 5 || length > 20) return invalid('validation.passport.length', { min: 5, max: 20, length });
  if (!/^[A-Za-z0-9]+$/.test(value)) return invalid('validation.passport.characters');
  return null;
};

/** An identity document number, by document type. */
export function checkIdNumber(value: string, idType: IdType): Invalid | null {
  return idType === 'passport' ? checkPassportNumber(value) : checkResidentId(value);
}

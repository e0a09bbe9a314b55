/**
 * The state of a fresh simulated cloud. Like any real cloud it is not empty:
 * one address is already registered and the obvious bucket names are taken,
 * so the wizard's "already exists" paths are met without any setup.
 */
import { unmatchableHash } from './hash.js';
import { type CloudState, newAccount } from './state.js';

/** The registered address of the seed. Nobody knows its password. */
export const SEEDED_EMAIL = 'taken@example.com';
/** Bucket names owned by other accounts. */
export const SEEDED_BUCKETS = ['test', 'data', 'logs', 'backup', 'bucket', 'demo', 'example'] as const;

const SEEDED_UID = '1516352874901234';
// A second owner that has no sign-in here: somebody else's account in the real cloud.
const OTHER_UID = '1839205746113580';
const SEEDED_AT = '2020-01-01T00:00:00.000Z';

/**
 * A new seeded state (fixed ids, so repeated seeds agree; the password hash is
 * random and unmatchable). No secret seed: the store makes its key file.
 */
export function seedState(): CloudState {
  return {
    version: 2,
    accounts: [
      {
        ramUsers: [],
        ramRoles: [],
        ...newAccount({
          uid: SEEDED_UID,
          email: SEEDED_EMAIL,
          createdAt: SEEDED_AT,
          password: unmatchableHash(),
          identity: {
            status: 'verified',
            type: 'individual',
            name: 'Taken Example',
            submittedAt: SEEDED_AT,
            decidedAt: SEEDED_AT,
            clientTokens: [],
          },
        }),
      },
    ],
    sessions: [],
    inbox: [],
    buckets: SEEDED_BUCKETS.map((name, i) => ({
      name,
      owner: i % 2 === 0 ? SEEDED_UID : OTHER_UID,
      region: 'cn-hangzhou',
      storageClass: 'Standard' as const,
      acl: 'private' as const,
      redundancy: 'LRS' as const,
      created: SEEDED_AT,
    })),
  };
}

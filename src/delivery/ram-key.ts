/** A RAM user's AccessKeys (SPEC §4.6): at most two, delivered in the RAM console's CSV format. */
import type { Cloud, RamUser } from '../provider/types.js';
import type { KeyOwner } from './choice.js';

/** How a RAM user's keys are named in the profile's key records. */
export function ramOwnerId(name: string): string {
  return `ram:${name}`;
}

export function ramUserOwner(
  cloud: Pick<Cloud, 'ram'>,
  user: Pick<RamUser, 'name' | 'principalName'>,
): KeyOwner {
  return {
    id: ramOwnerId(user.name),
    keys: cloud.ram.userKeys(user.name),
    csvFormat: { kind: 'ram-user', principalName: user.principalName },
    scope: ['--ram-user', user.name],
  };
}

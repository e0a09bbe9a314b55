/**
 * The account's own AccessKey (a root key): as many as the cloud allows the
 * account, and a risk the person must accept, since it can do everything the account can.
 */
import { UsageError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import type { Cloud } from '../provider/types.js';
import type { KeyOwner } from './choice.js';

export function rootOwner(cloud: Pick<Cloud, 'accessKeys'>): KeyOwner {
  return {
    id: 'root',
    keys: cloud.accessKeys,
    csvFormat: { kind: 'root' },
    scope: [],
  };
}

export interface RiskIo {
  readonly interactive: boolean;
  readonly out: { warn(text: string): void; say(text?: string): void };
  /** The accept-key-risk answer: given, or asked (a security risk is never the default). */
  accepted(): Promise<boolean>;
}

/**
 * Shows the risk and asks for it to be accepted (`--accept-key-risk` in
 * scripts; `--yes` never accepts it). `declined` says what happens instead.
 */
export async function acceptRootKeyRisk(io: RiskIo, given: boolean | undefined): Promise<boolean> {
  if (given === true) return true;
  if (!io.interactive)
    throw new UsageError('accesskey.riskNeeded', {}, [{ key: 'accesskey.riskHint' }], 'MissingAnswer');
  io.out.warn(t('accesskey.riskTitle'));
  io.out.say(`  ${t('accesskey.riskText')}`);
  return io.accepted();
}

/**
 * Who the credential is (STS GetCallerIdentity) and whether the account has
 * passed real-name verification (ECS DescribeAccountAttributes). The real
 * cloud has no API to submit a verification: the person does it in the
 * console, so `identity.submit` is absent.
 */
import type { AccountCapability, Caller, IdentityCapability } from '../types.js';
import type { OpenApi } from './api.js';
import { list, text } from './json.js';

/** The region whose ECS endpoint answers account-wide attributes. */
export const ACCOUNT_REGION = 'cn-hangzhou';

/** `acs:ram::<uid>:user/<name>` → `<name>`. */
export function userNameOfArn(arn: string | undefined): string | undefined {
  const m = /^acs:ram::\d+:user\/(.+)$/.exec(arn ?? '');
  return m?.[1];
}

export function accountCapability(api: OpenApi): AccountCapability {
  return {
    async whoAmI(): Promise<Caller> {
      const body = await api.rpc({ product: 'sts', action: 'GetCallerIdentity' });
      const uid = text(body, 'AccountId') ?? '';
      if (text(body, 'IdentityType') === 'Account') return { uid, principal: 'root' };
      // RAMUser; an assumed role's session is not a RAM user of a name, and is not the root either.
      const userName = userNameOfArn(text(body, 'Arn'));
      return { uid, principal: 'ram-user', ...(userName ? { userName } : {}) };
    },
  };
}

/**
 * `real-name-authentication`: `yes` (verified), `none`, or `unnecessary` (an
 * account that needs none, as some international ones) — the last counts as verified.
 */
export function identityCapability(api: OpenApi): IdentityCapability {
  return {
    async get() {
      const body = await api.rpc({
        product: 'ecs',
        action: 'DescribeAccountAttributes',
        params: { RegionId: ACCOUNT_REGION, 'AttributeName.1': 'real-name-authentication' },
      });
      const item = list(body, 'AccountAttributeItems', 'AccountAttributeItem').find(
        (i) => text(i, 'AttributeName') === 'real-name-authentication',
      );
      const value = text(list(item, 'AttributeValues', 'ValueItem')[0], 'Value');
      return { status: value === 'yes' || value === 'unnecessary' ? 'verified' : 'none' };
    },
  };
}

/**
 * Console pages of the two Alibaba Cloud sites (SPEC §3 `--site`): the
 * China site (aliyun.com) and the international one (alibabacloud.com).
 */
import type { Site } from '../core/types.js';
import { currentLang } from '../i18n/index.js';
import type { ProfileState } from '../state/schema.js';

export type { Site };

const PAGES = {
  emr: { cn: 'https://emr.console.aliyun.com/', intl: 'https://emr-next.console.alibabacloud.com/' },
  maxcompute: {
    cn: 'https://maxcompute.console.aliyun.com/',
    intl: 'https://maxcompute.console.alibabacloud.com/',
  },
  ramUsers: {
    cn: 'https://ram.console.aliyun.com/users',
    intl: 'https://ram.console.alibabacloud.com/users',
  },
  // Where an administrator assigns the E-MapReduce roles by hand: RAM's Roles page, as E-MapReduce's
  // "Assign roles to an Alibaba Cloud account" and RAM's "Create a RAM role for a trusted Alibaba
  // Cloud service" (Identities > Roles) describe it.
  ramRoles: {
    cn: 'https://ram.console.aliyun.com/roles',
    intl: 'https://ram.console.alibabacloud.com/roles',
  },
  ramSignIn: {
    cn: 'https://signin.aliyun.com/login.htm',
    intl: 'https://signin-intl.alibabacloud.com/login.htm',
  },
  signUp: {
    cn: 'https://account.aliyun.com/register/register.htm',
    intl: 'https://account.alibabacloud.com/register/intl_register.htm',
  },
  realName: {
    cn: 'https://account.console.aliyun.com/v2/#/authc/home',
    intl: 'https://account-intl.console.alibabacloud.com/#/authentication',
  },
  accessKeys: {
    cn: 'https://ram.console.aliyun.com/manage/ak',
    intl: 'https://ram.console.alibabacloud.com/manage/ak',
  },
  /**
   * The purchase page of MaxCompute's subscription compute resources (commodity `odpsplus`), as
   * the docs link it: intl in "Elastically reserved CUs"
   * (https://www.alibabacloud.com/help/en/maxcompute/product-overview/elastically-reserved-cus,
   * "Purchase subscription reserved compute resources"); cn in "计算计费项（按CU预付费）", the
   * CU subscription billing page of the China site's MaxCompute docs.
   */
  maxcomputeBuy: {
    cn: 'https://common-buy.aliyun.com/?commodityCode=odpsplus#/buy',
    intl: 'https://common-buy-intl.alibabacloud.com/?commodityCode=odpsplus',
  },
} as const;

export type ConsolePage = keyof typeof PAGES;

/** The site suggested when none was given: the China site for a Chinese interface, else international. */
export function suggestedSite(): Site {
  return currentLang() === 'zh-CN' ? 'cn' : 'intl';
}

/** The profile's site: remembered, else the suggestion. */
export function siteOf(profile: Pick<ProfileState, 'answers'>): Site {
  const site = profile.answers.site;
  return site === 'cn' || site === 'intl' ? site : suggestedSite();
}

export function consoleUrl(profile: Pick<ProfileState, 'answers'>, page: ConsolePage): string {
  return PAGES[page][siteOf(profile)];
}

/**
 * Console pages of the two Alibaba Cloud sites (SPEC §3 `--site`): the
 * China site (aliyun.com) and the international one (alibabacloud.com).
 */
import type { Site } from '../core/types.js';
import { currentLang } from '../i18n/index.js';
import type { ProfileState } from '../state/schema.js';

export type { Site };

/** Every page as the site's own docs link it; the comment beside each names the doc page it is taken from. */
const PAGES = {
  // cn: E-MapReduce "Create a cluster" ("Log on to the Alibaba Cloud E-MapReduce console").
  // intl: E-MapReduce "Create a cluster", https://www.alibabacloud.com/help/en/emr/emr-on-ecs/user-guide/create-a-cluster
  // ("Log on to the E-MapReduce console": the console's host; the pages add the region's list
  // after `#/region/<region>/`, which the console opens by itself).
  emr: {
    cn: 'https://emr.console.aliyun.com/',
    intl: 'https://emr.console.alibabacloud.com/',
  },
  // MaxCompute "Manage projects" (both sites: "Log on to the MaxCompute console").
  maxcompute: {
    cn: 'https://maxcompute.console.aliyun.com/',
    intl: 'https://maxcompute.console.alibabacloud.com/',
  },
  // RAM "View the AccessKey information of a RAM user" (intl: "Go to the RAM console … select the user").
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
  // RAM "Log on to the Alibaba Cloud Management Console as a RAM user"
  // (https://www.alibabacloud.com/help/en/ram/user-guide/log-on-to-the-alibaba-cloud-management-console-as-a-ram-user;
  // cn: "RAM用户登录控制台"): the RAM users' sign-in page, not the account's.
  ramSignIn: {
    cn: 'https://signin.aliyun.com/login.htm',
    intl: 'https://signin.alibabacloud.com/login.htm',
  },
  // The account registration pages the sites' tutorials link (cn: "创建阿里云账号"; intl: ECS
  // "Deploy SVN over HTTP", "go to the account registration page").
  signUp: {
    cn: 'https://account.aliyun.com/register/register.htm',
    intl: 'https://account.alibabacloud.com/register/intl_register.htm',
  },
  // cn: ApsaraVideo VOD's "Prerequisites" ("Real-name verification is completed", the console's
  // verification types page). intl: the sites' docs link no console page for it but the guide,
  // "Real-name verification" (https://www.alibabacloud.com/help/doc-detail/52595.htm), as ECS's
  // pay-as-you-go FAQ does; verification is done from there in the Account Center.
  realName: {
    cn: 'https://account.console.aliyun.com/v2/#/authc/types',
    intl: 'https://www.alibabacloud.com/help/doc-detail/52595.htm',
  },
  // RAM "Create an AccessKey pair" and the MaxCompute connection pages ("the AccessKey Pair page").
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
  // Quota Center's ECS quotas, where a quota application is followed: ECS "RunInstances" ("go to
  // the Quota Center to view the quotas", cn) and ECS "Deployment sets"/disk quota pages (intl).
  quotaCenter: {
    cn: 'https://quotas.console.aliyun.com/products/ecs/quotas',
    intl: 'https://quotas.console.alibabacloud.com/products/ecs/quotas',
  },
  // OSS's bucket list: OSS "Access buckets via custom domain names" (cn, "前往Bucket列表") and
  // OSS "Set object ACLs" (intl, "Go to the Bucket List page").
  ossBuckets: {
    cn: 'https://oss.console.aliyun.com/bucket',
    intl: 'https://oss.console.alibabacloud.com/bucket',
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

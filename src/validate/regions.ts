/** An Alibaba Cloud region the wizard supports, and whether it offers E-MapReduce and MaxCompute. */
export interface Region {
  id: string;
  emr: boolean;
  maxcompute: boolean;
}

const NO_EMR = new Set(['cn-heyuan', 'cn-guangzhou']);

/**
 * The regions of the table that do not offer MaxCompute. Source: Alibaba Cloud,
 * "MaxCompute API (2022-01-04) endpoints" and "MaxCompute: Endpoints"
 * (https://www.alibabacloud.com/help/en/maxcompute/user-guide/api-maxcompute-2022-01-04-endpoint,
 * https://www.alibabacloud.com/help/en/maxcompute/latest/endpoints): Qingdao, Hohhot, Heyuan
 * and Guangzhou have no MaxCompute endpoint there; every other region of the table has one.
 */
const NO_MAXCOMPUTE = new Set(['cn-qingdao', 'cn-huhehaote', 'cn-heyuan', 'cn-guangzhou']);

/** The supported regions, in the order of SPEC §4.4 (also the order shown in prompts). */
export const REGIONS: readonly Region[] = Object.freeze(
  [
    'cn-hangzhou',
    'cn-shanghai',
    'cn-qingdao',
    'cn-beijing',
    'cn-zhangjiakou',
    'cn-huhehaote',
    'cn-wulanchabu',
    'cn-shenzhen',
    'cn-heyuan',
    'cn-guangzhou',
    'cn-chengdu',
    'cn-hongkong',
    'us-west-1',
    'us-east-1',
    'ap-northeast-1',
    'ap-southeast-1',
    'ap-southeast-3',
    'ap-southeast-5',
    'eu-central-1',
    'eu-west-1',
    'me-east-1',
  ].map((id) => Object.freeze({ id, emr: !NO_EMR.has(id), maxcompute: !NO_MAXCOMPUTE.has(id) })),
);

/** The region ids alone, in the same order. */
export const REGION_IDS: readonly string[] = Object.freeze(REGIONS.map((r) => r.id));

/** The default region of the OSS bucket and the high-end request. */
export const DEFAULT_REGION = 'cn-hangzhou';

/** The region's entry, if it is supported. */
export function findRegion(id: string): Region | undefined {
  return REGIONS.find((r) => r.id === id);
}

/** The public OSS endpoint of a region: `oss-<region>.aliyuncs.com`. */
export function ossEndpoint(region: string): string {
  return `oss-${region}.aliyuncs.com`;
}

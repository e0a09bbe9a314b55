/**
 * The OpenAPI products this project speaks, with the API version each: the
 * one list the real provider calls with, `sim serve` routes by and the
 * simulated cloud's wire table names (SPEC §5.1, §5.2).
 */
export const API_VERSIONS = {
  sts: '2015-04-01',
  ram: '2015-05-01',
  ims: '2019-08-15',
  ecs: '2014-05-26',
  quotas: '2020-05-10',
  maxcompute: '2022-01-04',
} as const;

/** An OpenAPI product, by the name its endpoint (`<product>.aliyuncs.com`) and the logs use. */
export type ApiProduct = keyof typeof API_VERSIONS;

/**
 * The official SDKs, unmodified, pointed at a local server: generic
 * `callApi` (ACS3 by default, HMAC-SHA1 with `signatureAlgorithm: 'v2'`),
 * the typed RAM/IMS/STS/ECS clients, and ali-oss. Import this file only after
 * `ALIBABA_CLOUD_ECS_METADATA_DISABLED` is set (see `vi.hoisted` in tests).
 */

import * as ecs from '@alicloud/ecs20140526';
import * as ims from '@alicloud/ims20190815';
import * as core from '@alicloud/openapi-core';
import * as ram from '@alicloud/ram20150501';
import * as sts from '@alicloud/sts20150401';
import OSS from 'ali-oss';
import { rejected } from './errors.js';

const { $OpenApiUtil } = core;

/**
 * CommonJS packages marked `__esModule`: under Node's own ESM import the
 * default export is the whole `module.exports` (whose `default` is the class),
 * under Vitest's interop it is the class itself.
 */
function unwrap<T>(mod: { default: unknown }): T {
  const outer = mod.default as { default?: unknown };
  return (typeof outer === 'function' ? outer : outer.default) as T;
}

export const OpenApiClient = unwrap<typeof core.default.default>(core);
export const RamClient = unwrap<typeof ram.default.default>(ram);
export const ImsClient = unwrap<typeof ims.default.default>(ims);
export const StsClient = unwrap<typeof sts.default.default>(sts);
export const EcsClient = unwrap<typeof ecs.default.default>(ecs);
export { OSS };

/** SDK config for a local endpoint: `host:port` without scheme, plain HTTP, no retries. */
export function apiConfig(endpoint: string, accessKeyId: string, accessKeySecret: string, v2 = false) {
  return new $OpenApiUtil.Config({
    accessKeyId,
    accessKeySecret,
    endpoint,
    protocol: 'http',
    readTimeout: 5000,
    connectTimeout: 5000,
    ...(v2 ? { signatureAlgorithm: 'v2' } : {}),
  });
}

export type ApiClient = InstanceType<typeof OpenApiClient>;

/** A generic OpenAPI client. */
export function apiClient(endpoint: string, ak: string, secret: string, v2 = false): ApiClient {
  return new OpenApiClient(apiConfig(endpoint, ak, secret, v2));
}

type Runtime = Parameters<ApiClient['callApi']>[2];

/** An RPC call: parameters in the query, or in a form body when `inBody`. */
export function rpc(
  client: ApiClient,
  version: string,
  action: string,
  params: Record<string, string> = {},
  options: { method?: string; inBody?: boolean } = {},
) {
  return client.callApi(
    new $OpenApiUtil.Params({
      action,
      version,
      protocol: 'HTTP',
      pathname: '/',
      method: options.method ?? 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    }),
    new $OpenApiUtil.OpenApiRequest(options.inBody ? { body: params } : { query: params }),
    {} as Runtime,
  );
}

/** A ROA call with a JSON body type (MaxCompute's style). */
export function roa(
  client: ApiClient,
  version: string,
  action: string,
  method: string,
  pathname: string,
  query: Record<string, string> = {},
  body?: Record<string, unknown>,
  headers?: Record<string, string>,
) {
  return client.callApi(
    new $OpenApiUtil.Params({
      action,
      version,
      protocol: 'HTTP',
      pathname,
      method,
      authType: 'AK',
      style: 'ROA',
      reqBodyType: 'json',
      bodyType: 'json',
    }),
    new $OpenApiUtil.OpenApiRequest({
      query,
      ...(body === undefined ? {} : { body }),
      ...(headers === undefined ? {} : { headers }),
    }),
    {} as Runtime,
  );
}

/** ali-oss against a local port: `ip` sends virtual-host `Host` headers, `path` path style via localhost. */
export function ossClient(
  port: number,
  ak: string,
  secret: string,
  options: { style?: 'ip' | 'path'; v4?: boolean; region?: string } = {},
): OSS {
  const path = options.style === 'path';
  return new OSS({
    accessKeyId: ak,
    accessKeySecret: secret,
    endpoint: `http://${path ? 'localhost' : '127.0.0.1'}:${port}`,
    region: options.region ?? 'oss-cn-hangzhou',
    secure: false,
    timeout: 5000,
    ...(path ? { sldEnable: true } : {}),
    ...(options.v4 ? { authorizationV4: true } : {}),
  } as OSS.Options);
}

/** The error an SDK promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  return (await rejected(promise)) as Record<string, unknown>;
}

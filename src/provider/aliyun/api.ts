/**
 * OpenAPI calls (RPC and ROA) through the official generic client,
 * `@alicloud/openapi-core` — imported on the first call, so nothing of it is
 * loaded unless this provider really talks to a cloud. One client per
 * endpoint; no SDK retries (the wizard retries, knowing what is safe to
 * repeat); connect and read timeouts; every failure a ProviderError.
 */

import { API_VERSIONS, type ApiProduct } from '../apis.js';
import type { Credential } from '../types.js';
import { apiEndpoint, type Endpoint, isRegional } from './endpoints.js';
import { apiFailure } from './errors.js';
import { cjsExports } from './interop.js';
import { at } from './json.js';

/** Connect and read timeouts of every call (milliseconds). */
export const TIMEOUTS = { connectMs: 5_000, readMs: 20_000 } as const;

export type AccessKeyCredential = Extract<Credential, { kind: 'access-key' }>;

/** The part of the SDK client this module uses (its real signature is wider). */
interface ApiClient {
  callApi(params: object, request: object, runtime: object): Promise<unknown>;
}
type ApiClientClass = new (config: object) => ApiClient;

function isClass(value: unknown): value is ApiClientClass {
  return typeof value === 'function';
}

/**
 * The client class. A CommonJS module marked `__esModule`: under Node's ESM
 * import (and the bundle) the default export is the whole `module.exports`,
 * whose `default` is the class; under Vitest's interop it is the class itself.
 */
function clientClass(exported: unknown): ApiClientClass {
  if (isClass(exported)) return exported;
  const inner = at(exported, 'default');
  if (isClass(inner)) return inner;
  throw new Error('@alicloud/openapi-core exports no client class');
}

async function loadSdk() {
  const mod = cjsExports(await import('@alicloud/openapi-core'));
  return { Client: clientClass(mod.default), util: mod.$OpenApiUtil };
}

type Sdk = Awaited<ReturnType<typeof loadSdk>>;
let sdk: Promise<Sdk> | undefined;

/** The SDK, loaded once per process on first use. */
function openApiSdk(): Promise<Sdk> {
  sdk ??= loadSdk().catch((error: unknown) => {
    sdk = undefined;
    throw error;
  });
  return sdk;
}

export interface RpcCall {
  product: ApiProduct;
  action: string;
  /** Flat parameters (`Name.1`, `Dimensions.1.Key`, …), sent in the query as the typed SDKs send them. */
  params?: Record<string, string>;
  /** Where the parameters go: the query (default), or the form body (where the product's SDK puts them there). */
  paramsIn?: 'query' | 'body';
  /** The region of a regional product's endpoint. */
  region?: string;
  /** Parameter values that must never appear in an error message. */
  secrets?: readonly string[];
}

export interface RoaCall extends Omit<RpcCall, 'params'> {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
}

/** OpenAPI with one AccessKey, to the public endpoints or to `--endpoint`. */
export class OpenApi {
  private readonly clients = new Map<string, Promise<ApiClient>>();

  constructor(
    private readonly credential: AccessKeyCredential,
    private readonly endpoint?: Endpoint,
  ) {}

  /** An RPC call's response body. */
  rpc(call: RpcCall): Promise<unknown> {
    const params = call.params ?? {};
    return call.paramsIn === 'body'
      ? this.send(call, 'RPC', 'POST', '/', {}, params)
      : this.send(call, 'RPC', 'POST', '/', params);
  }

  /** A ROA call's response body (MaxCompute's style: JSON, parameters in the query). */
  roa(call: RoaCall): Promise<unknown> {
    return this.send(call, 'ROA', call.method, call.path, call.query ?? {});
  }

  private async send(
    call: Omit<RpcCall, 'params'>,
    style: 'RPC' | 'ROA',
    method: string,
    pathname: string,
    query: Record<string, string>,
    form?: Record<string, string>,
  ): Promise<unknown> {
    const region = call.region ?? 'cn-hangzhou';
    const target = apiEndpoint(call.product, region, this.endpoint);
    // A regional product's region is its host's. One `--endpoint` stands for every regional
    // host, so there the region travels in `x-acs-region-id`, the OpenAPI gateway's common
    // header for it (signed as every `x-acs-*` header), never as an API parameter.
    const headers = this.endpoint && isRegional(call.product) ? { 'x-acs-region-id': region } : undefined;
    try {
      const { util } = await openApiSdk();
      const client = await this.client(target);
      const params = new util.Params({
        action: call.action,
        version: API_VERSIONS[call.product],
        protocol: target.protocol.toUpperCase(),
        pathname,
        method,
        authType: 'AK',
        style,
        reqBodyType: style === 'RPC' ? 'formData' : 'json',
        bodyType: 'json',
      });
      const request = new util.OpenApiRequest({
        query,
        ...(form ? { body: form } : {}),
        ...(headers ? { headers } : {}),
      });
      const response = await client.callApi(params, request, {});
      return at(response, 'body');
    } catch (error) {
      throw apiFailure(error, { host: target.host, ...(call.secrets ? { secrets: call.secrets } : {}) });
    }
  }

  private client(target: Endpoint): Promise<ApiClient> {
    const key = `${target.protocol}://${target.host}`;
    let client = this.clients.get(key);
    if (!client) {
      client = openApiSdk().then(({ Client, util }) => {
        const { id, secret, securityToken } = this.credential;
        return new Client(
          new util.Config({
            accessKeyId: id,
            accessKeySecret: secret,
            ...(securityToken ? { securityToken } : {}),
            endpoint: target.host,
            protocol: target.protocol,
            connectTimeout: TIMEOUTS.connectMs,
            readTimeout: TIMEOUTS.readMs,
          }),
        );
      });
      this.clients.set(key, client);
    }
    return client;
  }
}

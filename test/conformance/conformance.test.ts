/**
 * The wire held to the official API definitions. The provider contract runs
 * once more with the real provider against `sim serve`, recorded: every
 * parameter name the provider (and the official clients) sent and `sim
 * serve`'s handlers looked up, every response field `sim serve` answered and
 * the provider read, every error code answered. Afterwards each must be in the
 * official request/response model of its action (`official.ts`), each code
 * among those the docs name for it — and every OpenAPI action `sim serve`
 * serves must have been seen, so none escapes the check.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // Before any SDK is imported: no ECS metadata or credentials-URI lookups.
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  process.env.ALIBABA_CLOUD_CREDENTIALS_URI = 'http://127.0.0.1:9/';
});

import { randomUUID } from 'node:crypto';
import * as imsApi from '@alicloud/ims20190815';
import { OpenApi } from '../../src/provider/aliyun/api.js';
import { SERVED_APIS } from '../../src/provider/simulated/wire.js';
import { describeProviderContract } from '../contract/contract.js';
import { aliyunWorld, type World } from '../contract/worlds.js';
import { apiClient, apiConfig, ImsClient, rejection, rpc } from '../helpers/sdk.js';
import { type ActionRecord, conformanceProblems, type Records, recordOf } from './check.js';
import { officialAction, officialErrors } from './official.js';
import { RecordingBackend, recordErrors, watchAnswer } from './record.js';

const records: Records = new Map();

beforeAll(() => {
  // The real provider's answers are watched where they come back from the wire (our own client class).
  const rpc = OpenApi.prototype.rpc;
  const roa = OpenApi.prototype.roa;
  vi.spyOn(OpenApi.prototype, 'rpc').mockImplementation(async function (this: OpenApi, call) {
    const body = await rpc.call(this, call);
    return watchAnswer(body, recordOf(records, `${call.product}:${call.action}`).used);
  });
  vi.spyOn(OpenApi.prototype, 'roa').mockImplementation(async function (this: OpenApi, call) {
    const body = await roa.call(this, call);
    return watchAnswer(body, recordOf(records, `${call.product}:${call.action}`).used);
  });
});
afterAll(() => {
  vi.restoreAllMocks();
});

describeProviderContract('aliyun (sim serve), recorded', (options = {}) =>
  aliyunWorld({
    ...options,
    wire: { backend: (b) => new RecordingBackend(b, records), log: recordErrors(records) },
  }),
);

/** A recorded world of its own, for refusals the contract does not reach. */
async function recordedWorld(): Promise<World> {
  return aliyunWorld({
    wire: { backend: (b) => new RecordingBackend(b, records), log: recordErrors(records) },
  });
}

describe('refusals, recorded for the check', () => {
  it('as sim serve answers them: names, passwords, regions, active keys, statuses, each product’s denial', async () => {
    const world = await recordedWorld();
    try {
      const { cloud, official } = world;
      if (!official) throw new Error('a served world has official clients');
      expect(await cloud.ram.policyExists('not a policy!')).toBe(false);
      expect(await cloud.ram.policyExists('x'.repeat(129))).toBe(false);
      await cloud.ram.createUser({ name: 'weak' });
      expect(await rejection(cloud.ram.createLoginProfile('weak', 'weak'))).toMatchObject({
        code: 'InvalidParameter.Password.TooWeak',
      });
      expect(await rejection(rpc(official.api, '2014-05-26', 'DescribeAccountAttributes'))).toMatchObject({
        code: 'Invalid.Parameter',
      });
      expect(
        await rejection(rpc(official.api, '2020-05-10', 'ListQuotaApplications', { Status: 'Maybe' })),
      ).toMatchObject({ code: 'InvalidStatus' });
      const key = await cloud.accessKeys.create({ clientToken: randomUUID(), allowCidrs: [] });
      expect(
        await rejection(
          official.ims.deleteAccessKey(new imsApi.DeleteAccessKeyRequest({ userAccessKeyId: key.key.id })),
        ),
      ).toMatchObject({ code: 'DeleteConflict.AccessKey.Active' });
      // A RAM user allowed OSS only, refused by every other product in its own terms.
      await cloud.ram.createUser({ name: 'oss-only' });
      await cloud.ram.attachPolicy('oss-only', 'AliyunOSSFullAccess');
      const made = await cloud.ram.userKeys('oss-only').create({ clientToken: randomUUID(), allowCidrs: [] });
      const endpoint = official.endpoint;
      const user = apiClient(endpoint, made.key.id, made.secret ?? '');
      const denied = {
        ram: rpc(user, '2015-05-01', 'GetUser', { UserName: 'oss-only' }),
        ims: new ImsClient(apiConfig(endpoint, made.key.id, made.secret ?? '')).getAccountSummary(),
        ecs: rpc(user, '2014-05-26', 'DescribeAccountAttributes', { RegionId: 'cn-hangzhou' }),
        quotas: rpc(user, '2020-05-10', 'ListQuotaApplications'),
      };
      expect(await rejection(denied.ram)).toMatchObject({ code: 'NoPermission' });
      expect(await rejection(denied.ims)).toMatchObject({ code: 'NoPermission' });
      expect(await rejection(denied.ecs)).toMatchObject({ code: 'Forbidden.RAM' });
      expect(await rejection(denied.quotas)).toMatchObject({ code: 'RAM.PERMISSION.DENIED' });
    } finally {
      await world.close();
    }
  });
});

/** A copy of the records with one more name or code (a planted mistake). */
function planted(key: string, change: (record: ActionRecord) => void): Records {
  const copy: Records = new Map(
    [...records].map(([k, r]) => [
      k,
      {
        sent: new Set(r.sent),
        read: new Set(r.read),
        answered: new Set(r.answered),
        used: new Set(r.used),
        errors: new Set(r.errors),
      },
    ]),
  );
  change(recordOf(copy, key));
  return copy;
}

describe('conformance with the official API definitions', () => {
  it('every OpenAPI action sim serve serves was called and answered', () => {
    const served = SERVED_APIS.map((api) => `${api.product}:${api.action}`);
    const answered = [...records].filter(([, r]) => r.answered.size > 0).map(([key]) => key);
    expect(served.filter((key) => !answered.includes(key))).toEqual([]);
  });

  it('every action the real provider called is one sim serve serves', () => {
    const served = new Set(SERVED_APIS.map((api) => `${api.product}:${api.action}`));
    const called = [...records].filter(([, r]) => r.used.size > 0 || r.sent.size > 0).map(([key]) => key);
    expect(called.length).toBeGreaterThan(20);
    expect(called.filter((key) => !served.has(key))).toEqual([]);
  });

  it('every name sent, read, answered and used, and every code answered, is official', () => {
    expect(conformanceProblems(records, officialAction, officialErrors())).toEqual([]);
  });

  it('fails on a misspelt parameter, response field or an undocumented code', () => {
    const errors = officialErrors();
    const sent = planted('ims:SetAccessKeyPolicy', (r) => r.sent.add('UserAccesKeyId'));
    expect(conformanceProblems(sent, officialAction, errors)).toEqual([
      expect.stringMatching(/^ims:SetAccessKeyPolicy sent "UserAccesKeyId": not in the request model of /),
    ]);
    const read = planted('quotas:CreateQuotaApplication', (r) => r.read.add('RegionId'));
    expect(conformanceProblems(read, officialAction, errors)).toEqual([
      expect.stringContaining('quotas:CreateQuotaApplication read "RegionId"'),
    ]);
    const answered = planted('ram:CreateUser', (r) => r.answered.add('User.UpdateDate'));
    expect(conformanceProblems(answered, officialAction, errors)).toEqual([
      expect.stringContaining(
        'ram:CreateUser answered "User.UpdateDate": not in the response model of @alicloud/ram20150501@',
      ),
    ]);
    const used = planted('maxcompute:CreateQuota', (r) => r.used.add('data.orderId'));
    expect(conformanceProblems(used, officialAction, errors)).toEqual([
      expect.stringContaining('maxcompute:CreateQuota used "data.orderId"'),
    ]);
    const code = planted('ram:DeleteAccessKey', (r) => r.errors.add('DeleteConflict.User.AccessKey'));
    expect(conformanceProblems(code, officialAction, errors)).toEqual([
      'ram:DeleteAccessKey answered DeleteConflict.User.AccessKey: no doc names it for this action',
    ]);
    const unknown = planted('ram:DeleteEverything', (r) => r.sent.add('All'));
    expect(conformanceProblems(unknown, officialAction, errors)).toEqual([
      'ram:DeleteEverything: no official model of this action',
    ]);
  });
});

/**
 * Chinese without leftover English, in the catalog's one house style: a space
 * between Chinese and Latin words, full-width brackets in help, names for
 * products and redundancy types, the provider's own sentences (review
 * reasons, the verification mail) translated; and when two keys are shown in
 * one run, each says whose it is (in both languages).
 */
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en/index.js';
import { joinPhrases, providerText, setLang } from '../../src/i18n/index.js';
import { zhCN } from '../../src/i18n/zh-CN/index.js';
import { VERIFICATION_SUBJECT } from '../../src/provider/simulated/accounts.js';
import { IDENTITY_REJECT_REASON } from '../../src/provider/simulated/identity.js';
import { QUOTA_REJECTED_REASON, QUOTA_TOO_LARGE_REASON } from '../../src/provider/simulated/quota.js';
import { cleanupTempDirs, freshEmail, makeHarness, PASSWORD, RESIDENT_ID, tempDir } from '../helpers/fake.js';

afterEach(() => setLang('en'));
afterAll(() => cleanupTempDirs());

const ZH = zhCN as Record<string, string>;
const CJK = '\\u4e00-\\u9fff';

describe('the zh-CN catalog', () => {
  it('puts a space between Chinese and Latin words, numbers, commands and placeholders', () => {
    // Region names are Alibaba Cloud's own spelling (华东1), without a space.
    const official = /^region\./;
    const touching = new RegExp(`[${CJK}](?:[A-Za-z0-9\`{])|(?:[A-Za-z0-9\`}])[${CJK}]`, 'g');
    const found = Object.entries(ZH)
      .filter(([k]) => !official.test(k))
      .flatMap(([k, v]) => (v.match(touching) ?? []).map((m) => `${k}: "${m}" in ${v}`));
    expect(found).toEqual([]);
  });

  it('uses full-width brackets, never ASCII ones (outside commands)', () => {
    const ascii = Object.entries(ZH).filter(([, v]) => /[()]/.test(v.replace(/`[^`]*`/g, '')));
    expect(ascii.map(([k, v]) => `${k}: ${v}`)).toEqual([]);
  });

  it('has no English left: every Latin word is a name, a code, a flag or a command', () => {
    // Product and service names, units, file formats and the codes a person types (flags' values).
    const NAMES = new Set(
      `AccessKey ACCESS AK ALIBABA ALLOW API ASCII Active AliyunDataWorksFullAccess AliyunEMRFullAccess
       AliyunMaxComputeFullAccess AliyunOSSFullAccess Archive Bucket CIDR CLI CLOUD CN CONFIG CREDENTIALS CSV
       ColdArchive Ctrl-C DEBUG DataWorks DeepColdArchive E-MapReduce ECS ENDPOINT Endpoint FILE GiB HOME HTTP
       IA ID IMS IN IP IPv ISO JSON KEY LRS LTAI MaxCompute ONBOARD OSS PASSWORD PROFILE Python RAM RISK SDK
       SECRET SG SIGN STS Schema Secret Standard StsToken US XDG YES YYYYMMDD ZRS ACCEPT vCPU alpha-
       aliyun aliyun-cli alibabacloud both chmod cn cn-resident-id com config credentials csv default en
       enterprise env eval export false http https individual ini intl json maxcompute emr no onboard
       passport payasyougo pid printf private public-read public-read-write serve sim simulated status
       stdin stdout subscription true yes zh-CN access_key createAccessKey putBucket lost-response throttle
       operation fault times id dev null email example db y n x accesskey keys create onboard-admin alpha-2
       LTAI5t IPv4 IPv6 git gitignore AliyunEMRDefaultRole AliyunECSInstanceForEMRRole AliyunRAMFullAccess
       Statement stderr doctor rotate done skipped not_needed bash zsh fish shell GetCallerIdentity
       GetBucketInfo AliyunQuotasFullAccess UTF-8`.split(/\s+/),
    );
    const latin = (text: string) =>
      text
        .replace(/\{\w+\}/g, ' ')
        .replace(/`[^`]*`|'[^']*'/g, ' ')
        .replace(/--[\w-]+/g, ' ')
        .replace(/\S+@\S+|\S*[/~$]\S*|\S*\.\w+/g, ' ')
        .match(/[A-Za-z][\w'-]*/g) ?? [];
    const english = Object.entries(ZH).flatMap(([k, v]) =>
      latin(v)
        .filter((w) => !NAMES.has(w) && !/^[A-Z]$/.test(w) && !/^[A-Z0-9_]+$/.test(w))
        // Region and zone ids (cn-hangzhou-i, ap-southeast-1a) are codes.
        .filter((w) => !/^[a-z]{2}-[a-z]+-\d*[a-z]?$/.test(w))
        .map((w) => `${k}: ${w}`),
    );
    expect(english).toEqual([]);
  });
});

describe('joining phrases', () => {
  it('joinPhrases: a space between phrases, none beside full-width punctuation', () => {
    expect(joinPhrases(['emr 或 both', '（默认值：emr）', '[环境变量：X]'])).toBe(
      'emr 或 both（默认值：emr） [环境变量：X]',
    );
    expect(joinPhrases(['用法：', 'onboard'])).toBe('用法：onboard');
    expect(joinPhrases(['a', '', '(default b)', '[env: X]'])).toBe('a (default b) [env: X]');
  });
});

describe("the provider's own sentences", () => {
  it('review reasons and the verification mail are translated; unknown text is shown as it is', async () => {
    const sentences = [
      IDENTITY_REJECT_REASON,
      QUOTA_REJECTED_REASON,
      QUOTA_TOO_LARGE_REASON,
      VERIFICATION_SUBJECT,
    ];
    for (const s of sentences) expect(providerText(s)).toBe(s);
    await setLang('zh-CN');
    for (const s of sentences) {
      const shown = providerText(s);
      expect(shown, s).toMatch(new RegExp(`[${CJK}]`));
      expect(Object.values(ZH)).toContain(shown);
    }
    expect(providerText('Something else entirely.')).toBe('Something else entirely.');
  });
});

describe.each(['en', 'zh-CN'] as const)('an interactive run in %s', (lang) => {
  it('names the redundancy types, and titles each of two keys with whose it is', async () => {
    await setLang(lang);
    const email = freshEmail('whose');
    const csvDir = tempDir();
    let n = 0;
    const h = await makeHarness({
      interactive: true,
      answers: {
        site: 'intl',
        signIn: 'false',
        email,
        passwordStdin: PASSWORD,
        identityType: 'individual',
        legalName: 'Zhang San',
        idType: 'cn-resident-id',
        idNumber: RESIDENT_ID,
        keyChoice: 'both',
        acceptKeyRisk: true,
        saveTargets: '',
        yes: true,
        csv: () => path.join(csvDir, `key-${++n}.csv`),
        ramUser: 'onboard-admin',
        ramCsv: () => path.join(csvDir, `ram-${++n}.csv`),
        region: 'cn-hangzhou',
        bucket: (spec) => (spec.kind === 'input' ? (spec.default ?? '') : ''),
        storageClass: 'Standard',
        acl: 'private',
        redundancy: 'ZRS',
        highEnd: false,
      },
    });
    h.prompter.answers.verificationCode = async () => (await h.sim.latestCode(email)) ?? '';
    const outcome = await h.wizard();
    expect(outcome.error).toBeUndefined();

    const redundancy = h.prompter.asked.find((a) => a.key === 'redundancy')?.spec;
    const names = redundancy?.kind === 'select' ? redundancy.choices.map((c) => c.name) : [];
    expect(names).toEqual(lang === 'zh-CN' ? ['本地冗余存储（LRS）', '同城冗余存储（ZRS）'] : ['LRS', 'ZRS']);

    const titles =
      lang === 'zh-CN'
        ? ['账号本身的新 AccessKey（主账号 AccessKey）', 'RAM 用户 onboard-admin 的新 AccessKey']
        : [
            'Your new AccessKey for the account itself (root key)',
            'Your new AccessKey for RAM user onboard-admin',
          ];
    const stderr = h.stderr.text();
    for (const title of titles) expect(stderr).toContain(title);
    expect(stderr.indexOf(titles[0]!)).toBeLessThan(stderr.indexOf(titles[1]!));
    expect(stderr).not.toContain(lang === 'zh-CN' ? 'Your new' : '新 AccessKey');
  });
});

it('the English catalog holds each provider sentence once', () => {
  const texts = Object.entries(en as Record<string, string>).filter(([k]) => k.startsWith('providerText.'));
  expect(new Set(texts.map(([, v]) => v)).size).toBe(texts.length);
});

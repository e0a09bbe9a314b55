/**
 * What onboard prints fits where it goes: each stream has its own colour and
 * width (a file or a pipe gets plain, unwrapped text whatever the other stream
 * is), and on a terminal of 60 or 80 columns the plan of a dry run, the keys
 * table (with LAST USED dates) and the status checklist stay inside the edge
 * without splitting a word, in English and in Chinese.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Product } from '../../src/core/types.js';
import { setLang } from '../../src/i18n/index.js';
import type { AccessKeyInfo } from '../../src/provider/types.js';
import { keyTable } from '../../src/ui/key-table.js';
import { Output } from '../../src/ui/output.js';
import { type PlannedStep, printPlan } from '../../src/ui/plan.js';
import { printChecklist, type ReportInput } from '../../src/ui/report.js';
import { displayWidth, stripAnsi } from '../../src/ui/width.js';
import { MemoryStream } from '../helpers/fake.js';

afterEach(() => setLang('en'));

/** A stream that is a terminal of `columns` columns (0: a file or a pipe). */
function stream(columns: number): MemoryStream {
  const s = new MemoryStream();
  s.isTTY = columns > 0;
  s.columns = columns;
  return s;
}

async function output(stdoutColumns: number, stderrColumns = 0, env: NodeJS.ProcessEnv = {}) {
  const stdout = stream(stdoutColumns);
  const stderr = stream(stderrColumns);
  const out = await new Output({
    colorFlag: undefined,
    env,
    interactive: false,
    json: false,
    stdout,
    stderr,
  }).loadStyles();
  return { out, stdout, stderr };
}

/** Latin words (ids, names, paths, codes): a word split by a line break would leave fragments. */
const latinWords = (text: string) => new Set(stripAnsi(text).match(/[A-Za-z0-9][A-Za-z0-9._@:/-]*/g) ?? []);

/** Every line within `columns`, and every Latin word one of the unwrapped text's. */
function expectFits(text: string, unwrapped: string, columns: number): void {
  for (const line of stripAnsi(text).split('\n'))
    expect(displayWidth(line), `${line}\n--- in ---\n${text}`).toBeLessThanOrEqual(columns);
  const whole = latinWords(unwrapped);
  for (const word of latinWords(text)) expect(whole.has(word), `"${word}" split in\n${text}`).toBe(true);
}

const KEYS: AccessKeyInfo[] = [
  {
    id: 'LTAI5tAbCdEfGhIjKlMnOpQr',
    status: 'Active',
    created: '2025-03-01T08:15:00Z',
    lastUsed: '2025-03-02T09:30:00Z',
    allowCidrs: [],
  },
  {
    id: 'LTAI5tStUvWxYzAbCdEfGhIj',
    status: 'Inactive',
    created: '2025-03-03T10:00:00Z',
    lastUsed: '2025-03-04T11:45:00Z',
    allowCidrs: ['10.0.0.0/8', '192.168.100.0/24', '2001:db8::/32'],
  },
  {
    id: 'LTAI5tKlMnOpQrStUvWxYzAb',
    status: 'Active',
    created: '2025-03-05T12:00:00Z',
    lastUsed: null,
    allowCidrs: [],
    cannotSign: true,
  },
];

const PRINCIPAL = 'onboard-admin@7052856492929489.onaliyun.com';

function report(product: Product): ReportInput {
  const step = (id: string, title: string, summary: string) => ({
    id,
    title,
    status: 'done' as const,
    summary,
    details: {},
  });
  return {
    profile: 'default',
    product,
    status: 'complete',
    steps: [
      step('account', 'Account', 'a@example.com — account 7052856492929489'),
      step(
        'ramuser',
        'RAM user',
        `${PRINCIPAL} with AliyunOSSFullAccess, AliyunEMRFullAccess; key LTAI5tAbCdEfGhIjKlMnOpQr is active`,
      ),
      step('highend', 'High-end instances', 'approved: ecs.g7.2xlarge, 64 vCPUs in cn-hangzhou'),
    ],
    next: [
      {
        command: `onboard --profile default --config-dir /tmp/onboard-cfg keys list --ram-user onboard-admin`,
        why: `Use the RAM user's key (${PRINCIPAL}) for everyday work.`,
      },
    ],
  };
}

const PLAN: PlannedStep[] = [
  {
    id: 'ramuser',
    title: 'RAM user',
    status: 'todo',
    summary: 'RAM user onboard-admin: not set up completely yet',
    details: {},
    plan: {
      calls: ['GetPolicy', 'GetUser', 'CreateUser', 'AttachPolicyToUser', 'CreateAccessKey'],
      files: ['state.json', '/tmp/onboard-work/onboard-admin_AccessKey.csv'],
      values: {
        ramUser: 'onboard-admin',
        policies: [
          'AliyunOSSFullAccess',
          'AliyunEMRFullAccess',
          'AliyunMaxComputeFullAccess',
          'AliyunDataWorksFullAccess',
        ],
        consoleAccess: false,
      },
    },
  },
  {
    id: 'oss',
    title: 'OSS bucket',
    status: 'todo',
    summary: 'no bucket yet',
    details: {},
    plan: {
      calls: ['putBucket'],
      files: ['state.json'],
      values: {
        region: 'cn-hangzhou',
        bucket: '(derived from the account)',
        redundancy: 'LRS',
        endpoint: 'oss-cn-hangzhou.aliyuncs.com',
      },
    },
  },
];

describe('each stream has its own look', () => {
  it('stdout to a file is plain and unwrapped while stderr, a terminal, is coloured and wrapped', async () => {
    const { out, stdout, stderr } = await output(0, 60);
    expect(out.resultLook.width).toBe(0);
    for (const line of keyTable(out.resultLook, KEYS, new Set([KEYS[0]!.id]))) out.result(line);
    printChecklist(out.resultLook, report('emr'), (line) => out.result(line));
    expect(stdout.text()).not.toContain('\x1b[');
    // One line per step, however long: a log keeps every line whole.
    expect(stdout.text()).toContain(
      `RAM user            ✔ ${PRINCIPAL} with AliyunOSSFullAccess, AliyunEMRFullAccess;`,
    );
    expect(stdout.text()).toMatch(/^ID +STATUS +CREATED +LAST USED +ALLOWED FROM$/m);
    out.say(out.c.bold(`${'word '.repeat(20)}end`));
    expect(stderr.text()).toContain('\x1b[1m');
    for (const line of stripAnsi(stderr.text()).split('\n'))
      expect(displayWidth(line)).toBeLessThanOrEqual(60);
  });

  it('stdout a terminal, stderr a pipe: colour on stdout only', async () => {
    const { out, stdout, stderr } = await output(80, 0);
    for (const line of keyTable(out.resultLook, KEYS)) out.result(line);
    out.warn(`${'word '.repeat(30)}end`);
    expect(stdout.text()).toContain('\x1b[');
    expect(stderr.text()).not.toContain('\x1b[');
    expect(stderr.text().trimEnd().split('\n')).toHaveLength(1);
  });

  it('FORCE_COLOR colours both; NO_COLOR neither (SPEC §3)', async () => {
    const forced = await output(0, 0, { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect([forced.out.color, forced.out.resultColor]).toEqual([true, true]);
    const none = await output(80, 80, { NO_COLOR: '1' });
    expect([none.out.color, none.out.resultColor]).toEqual([false, false]);
  });
});

describe.each([60, 80])('at %i columns nothing passes the edge and no word is split', (columns) => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: the keys table with LAST USED dates`, async () => {
      await setLang(lang);
      const used = new Set([KEYS[0]!.id]);
      const term = await output(columns);
      const lines = keyTable(term.out.resultLook, KEYS, used).join('\n');
      const file = await output(0);
      expectFits(lines, keyTable(file.out.resultLook, KEYS, used).join('\n'), columns);
      for (const k of KEYS) expect(lines).toContain(k.id);
      expect(stripAnsi(lines)).toContain('2001:db8::/32');
    });

    it(`${lang}: the status checklist`, async () => {
      await setLang(lang);
      const term = await output(columns);
      printChecklist(term.out.resultLook, report('both'), (line) => term.out.result(line));
      const file = await output(0);
      printChecklist(file.out.resultLook, report('both'), (line) => file.out.result(line));
      expectFits(term.stdout.text(), file.stdout.text(), columns);
      expect(stripAnsi(term.stdout.text())).toContain(PRINCIPAL);
    });

    it(`${lang}: the plan of a dry run`, async () => {
      await setLang(lang);
      const term = await output(columns);
      printPlan(term.out, 'default', 'both', PLAN);
      const file = await output(0);
      printPlan(file.out, 'default', 'both', PLAN);
      expectFits(term.stdout.text(), file.stdout.text(), columns);
      expect(term.stdout.text()).toContain('AliyunMaxComputeFullAccess');
    });
  }
});

/**
 * Chinese (`--lang zh-CN`) without leftover English, with the built CLI: the
 * help in one bracket style, the simulated verification mail, the review
 * reasons (identity and high-end), products by name; the JSON keeps the
 * provider's own words and codes. And when one run shows two keys, each
 * block says whose it is (both languages).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountArgs, enterpriseArgs, onboard, PASSWORD, workspaces } from '../helpers/cli.js';

const setup = workspaces('zh');

const CJK = /[\u4e00-\u9fff]/;

describe('help in Chinese', () => {
  const COMMANDS = [
    [],
    ['run'],
    ['status'],
    ['keys', 'list'],
    ['keys', 'create'],
    ['sim', 'serve'],
    ['reset'],
  ];
  it('one bracket style (full-width), and no space beside full-width punctuation', () => {
    const { dir } = setup();
    for (const args of COMMANDS) {
      const r = onboard(dir, [...args, '--help', '--lang', 'zh-CN']);
      expect(r.code, r.stderr).toBe(0);
      // Examples are commands (`$ onboard …` and their continuation lines): their syntax is the shell's.
      const prose = r.stdout.split('\n').filter((l) => CJK.test(l) || !/^\s*\$ |^\s{6}\S/.test(l));
      expect(prose.length).toBeGreaterThan(3);
      const ascii = prose.filter((l) => /[()]/.test(l.replace(/`[^`]*`/g, '')));
      expect(ascii, args.join(' ')).toEqual([]);
      expect(
        prose.filter((l) => /\S （|： \S/.test(l)),
        args.join(' '),
      ).toEqual([]);
    }
  });
});

describe('what a person reads in Chinese', () => {
  it('the verification mail in the simulated inbox (its JSON keeps the subject as sent)', () => {
    const { dir, cfg } = setup();
    const r = onboard(
      cfg,
      [...accountArgs('mail@example.com'), '--accept-key-risk', '--csv', join(dir, 'k.csv')],
      {
        input: `${PASSWORD}\n`,
        cwd: dir,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const zh = onboard(cfg, ['sim', 'inbox', '--lang', 'zh-CN'], { cwd: dir });
    expect(zh.stdout).toMatch(/mail@example\.com {2}您的阿里云验证码：\d{6}/);
    expect(zh.stdout).not.toMatch(/verification code/i);
    const en = onboard(cfg, ['sim', 'inbox'], { cwd: dir });
    expect(en.stdout).toContain('Your Alibaba Cloud verification code: ');
    const json = JSON.parse(onboard(cfg, ['sim', 'inbox', '--json', '--lang', 'zh-CN'], { cwd: dir }).stdout);
    expect(json.messages[0].subject).toBe('Your Alibaba Cloud verification code');
  });

  it('a rejected verification: the reason in Chinese, the JSON in the provider’s words', () => {
    const { dir, cfg } = setup();
    const args = enterpriseArgs(dir, 'REJECT Data Ltd', 'k.csv');
    const zh = onboard(cfg, ['--lang', 'zh-CN', ...args], { input: `${PASSWORD}\n`, cwd: dir });
    expect(zh.code, zh.stderr).toBe(4);
    expect(zh.stderr).toContain('IdentityRejected：所提交的信息与证件不符。');
    expect(zh.stderr).not.toContain('does not match');
    const status = onboard(cfg, ['status', '--lang', 'zh-CN'], { cwd: dir });
    expect(status.stdout).toContain('审核未通过：所提交的信息与证件不符。');
    expect(status.stdout).not.toContain('does not match');
    const json = JSON.parse(
      onboard(cfg, ['--lang', 'zh-CN', '--json', ...args], { input: `${PASSWORD}\n`, cwd: dir }).stdout,
    );
    expect(json.error.code).toBe('IdentityRejected');
    expect(json.error.message).toBe('The information does not match the document.');
    expect(json.steps.find((s: { id: string }) => s.id === 'identity').details.reason).toBe(
      'The information does not match the document.',
    );
  });

  it('rejected high-end requests: both reasons in Chinese; products by name', () => {
    const { dir, cfg } = setup();
    const key = ['--accept-key-risk', '--csv', join(dir, 'k.csv')];
    const base = [...accountArgs('quota@example.com'), ...key, '--product', 'both'];
    const reject = ['--high-end', '--reason', 'Nightly batch [reject] please'];
    const first = onboard(cfg, ['--lang', 'zh-CN', ...base, ...reject], { input: `${PASSWORD}\n`, cwd: dir });
    expect(first.code, first.stderr).toBe(4);
    expect(first.stderr).toContain('QuotaApplicationRejected：申请经审核未获批准。');
    // The checklist's heading names the products.
    expect(first.stderr).toMatch(/^配置 default 的开通进度（E-MapReduce 和 MaxCompute）$/m);
    expect(first.stderr).toMatch(/^onboard — 配置 default，产品 E-MapReduce 和 MaxCompute$/m);

    const tooMany = [
      'run',
      '--step',
      'highend',
      '--high-end',
      '--vcpu-quota',
      '1500',
      '--reason',
      'Nightly batch jobs',
    ];
    const second = onboard(cfg, ['--lang', 'zh-CN', '--no-interactive', ...tooMany], { cwd: dir });
    expect(second.code, second.stderr).toBe(4);
    expect(second.stderr).toContain('申请的配额超出新账号可获批准的上限。');
    const status = onboard(cfg, ['status', '--lang', 'zh-CN'], { cwd: dir });
    expect(status.stdout).toContain('审核未通过：申请的配额超出新账号可获批准的上限。');
    expect(status.stdout).not.toMatch(/rejected|exceeds/);
    const en = onboard(cfg, ['status'], { cwd: dir });
    expect(en.stdout).toContain('Requested quota exceeds what can be approved for a new account.');
  });
});

describe.each([
  ['en', 'AccessKey for the account itself (root key):', 'AccessKey for RAM user ops:'],
  ['zh-CN', '账号本身的 AccessKey（主账号 AccessKey）：', 'RAM 用户 ops 的 AccessKey：'],
])('two keys on stdout (%s)', (lang, root, ram) => {
  it('each block says whose key it is', () => {
    const { dir, cfg } = setup();
    const r = onboard(
      cfg,
      [
        '--lang',
        lang,
        ...accountArgs(),
        '--root-key',
        '--accept-key-risk',
        '--ram-user',
        'ops',
        '--show-secret',
      ],
      { input: `${PASSWORD}\n`, cwd: dir },
    );
    expect(r.code, r.stderr).toBe(0);
    const blocks = r.stdout.trim().split(/\n(?=\S+.*[:：]$)/m);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(
      new RegExp(
        `^${root.replace(/[()]/g, '\\$&')}\\nAccessKey ID: +LTAI\\w{20}\\nAccessKey Secret: +\\w{30}$`,
      ),
    );
    expect(blocks[1]).toMatch(
      new RegExp(`^${ram}\\nAccessKey ID: +LTAI\\w{20}\\nAccessKey Secret: +\\w{30}$`),
    );
  });
});

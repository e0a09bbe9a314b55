#!/usr/bin/env node
// Startup and journey benchmark for `onboard` (see bench/README.md).
//
// Every subject is timed against a bare `node -e 0` measured in the same run,
// interleaved run by run, so machine noise hits both sides alike. Results are
// medians and ratios of medians. A missed target never makes this exit
// non-zero; only a real error (a failing command, a missing build) does.
//
// Usage: npm run bench   (= npm run build && node bench/bench.mjs)
// Env:   BENCH_RUNS (default 15), BENCH_WARMUP (default 3), BENCH_RSS_RUNS (default 5),
//        BENCH_SERVE_CALLS (default 200), BENCH_SERVE_WARMUP (default 30),
//        BENCH_STORE_CALLS (default 200), BENCH_FARM (default 20), BENCH_ONLY=store (only sim serve's store)

import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = intEnv('BENCH_RUNS', 15);
const WARMUP = intEnv('BENCH_WARMUP', 3);
const RSS_RUNS = intEnv('BENCH_RSS_RUNS', 5);
const SERVE_CALLS = intEnv('BENCH_SERVE_CALLS', 200);
const SERVE_WARMUP = intEnv('BENCH_SERVE_WARMUP', 30);
const STORE_CALLS = intEnv('BENCH_STORE_CALLS', 200);
const FARM = intEnv('BENCH_FARM', 20);
const NODE = process.execPath;
// The start-up rows are measured on each Node a user may run: this one, then Node 24 (the
// registry's node@24 in a cache folder, scripts/node24.sh) in a child that measures only them.
const STARTUP_ONLY = process.env.BENCH_STARTUP_ONLY === '1';
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
/** `status --json`'s bar: Node 20 has no compile cache (its end of life was April 2026). */
const STATUS_TARGET = NODE_MAJOR <= 20 ? 1.8 : 1.6;
const TIME_BIN = '/usr/bin/time';

const PASSWORD = 'Passw0rd!x';
const journeyArgs = (dir) => [
  '--config-dir',
  dir,
  '--no-interactive',
  '--email',
  'dev@example.com',
  '--password-stdin',
  '--identity-type',
  'individual',
  '--legal-name',
  'Li Lei',
  '--id-number',
  '11010519491231002X',
  '--accept-key-risk',
  '--csv',
  path.join(dir, 'AccessKey.csv'),
  '--high-end',
];

function intEnv(name, def) {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number.parseInt(v, 10);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
  return n;
}

// Children get a clean, deterministic environment: no inherited ONBOARD_*
// settings, no colour, CI set (so nothing ever prompts), and none of the
// machine's own Node settings. NODE_EXTRA_CA_CERTS, say, makes Node 20 read a
// CA bundle as every process starts (some 40 ms here, where it is set): a fixed
// cost on both sides of a ratio, which would make every ratio look smaller.
const MACHINE_NODE_SETTINGS = new Set(['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'NODE_DISABLE_COMPILE_CACHE']);
function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // The compile cache is measured as users get it: on, in its default place.
    if (!k.startsWith('ONBOARD_') && !k.startsWith('NODE_COMPILE_CACHE') && !MACHINE_NODE_SETTINGS.has(k))
      env[k] = v;
  }
  return { ...env, CI: '1', NO_COLOR: '1', ...extra };
}

const tmpDirs = [];
function tmpDir(prefix) {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(d);
  return d;
}
function cleanup() {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
}

// ---------------------------------------------------------------- the build

// Other processes may rebuild /work/main/dist at any moment (the build script
// deletes dist/ first). So the CLI is run from a private snapshot: dist/ as
// `npm run build` just left it, checked for completeness; if it is not
// complete, a private build of the same sources with the project's own script.
function relativeImportsOk(distDir) {
  if (!existsSync(path.join(distDir, 'cli.js'))) return false;
  // dist/ is CommonJS: the build's own requires of its chunks end in `.js`; text in
  // bundled SDK code (`require('./get')`) is not one of them.
  const re = /\brequire\(\s*["'](\.{1,2}\/[^"']+\.js)["']/g;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!walk(p)) return false;
      } else if (e.name.endsWith('.js')) {
        const src = readFileSync(p, 'utf8');
        for (const m of src.matchAll(re)) if (!existsSync(path.resolve(dir, m[1]))) return false;
      }
    }
    return true;
  };
  return walk(distDir);
}

function snapshotBuild() {
  const snap = tmpDir('onboard-bench-app-');
  cpSync(path.join(ROOT, 'package.json'), path.join(snap, 'package.json'));
  cpSync(path.join(ROOT, 'bin'), path.join(snap, 'bin'), { recursive: true });
  // What the bundle leaves outside (lmdb, native) is loaded from node_modules at run time, as installed.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(snap, 'node_modules'));
  for (let attempt = 0; attempt < 5; attempt++) {
    rmSync(path.join(snap, 'dist'), { recursive: true, force: true });
    try {
      cpSync(path.join(ROOT, 'dist'), path.join(snap, 'dist'), { recursive: true });
      if (relativeImportsOk(path.join(snap, 'dist'))) return { dir: snap, how: 'snapshot of dist/' };
    } catch {
      // dist/ vanished mid-copy: someone is rebuilding; try again shortly
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
  }
  // Fallback: build the same sources into the snapshot with scripts/build.mjs.
  rmSync(path.join(snap, 'dist'), { recursive: true, force: true });
  mkdirSync(path.join(snap, 'scripts'));
  cpSync(path.join(ROOT, 'scripts', 'build.mjs'), path.join(snap, 'scripts', 'build.mjs'));
  cpSync(path.join(ROOT, 'tsconfig.json'), path.join(snap, 'tsconfig.json'));
  symlinkSync(path.join(ROOT, 'src'), path.join(snap, 'src'));
  const r = spawnSync(NODE, ['scripts/build.mjs'], { cwd: snap, encoding: 'utf8' });
  if (r.status !== 0 || !relativeImportsOk(path.join(snap, 'dist'))) {
    throw new Error(`could not get a complete build of onboard:\n${r.stderr || r.error || ''}`);
  }
  return { dir: snap, how: 'private build of src/ (dist/ was being rebuilt)' };
}

// ---------------------------------------------------------------- running

let BIN; // set in main()

function run(args, { input, env = childEnv(), cwd } = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(NODE, args, {
    input,
    env,
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { ms, status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function check(r, what) {
  if (r.status !== 0) {
    const err = r.stderr?.toString().trim().split('\n').slice(-15).join('\n');
    throw new Error(`${what} exited ${r.status ?? r.signal}:\n${err}`);
  }
  return r;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Interleaved A/B: warm-ups first (not recorded), then RUNS pairs. The order
// inside a pair alternates (base, subject / subject, base) so neither side
// always runs right after the other.
// `subject()` returns { args, input?, env?, before?(), after?() } for one run.
// `baselineInput` feeds node -e 0 the same stdin the subject gets.
function interleaved(name, subject, baselineInput) {
  const base = [];
  const subj = [];
  const baseline = () => check(run(['-e', '0'], { input: baselineInput }), 'node -e 0').ms;
  const one = () => {
    const s = subject();
    const r = check(run(s.args, { input: s.input, env: s.env }), name);
    s.after?.();
    return { ms: r.ms };
  };
  for (let i = 0; i < WARMUP; i++) {
    baseline();
    one();
  }
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      base.push(baseline());
      subj.push(one().ms);
    } else {
      subj.push(one().ms);
      base.push(baseline());
    }
  }
  return { subject: median(subj), baseline: median(base), min: Math.min(...subj), max: Math.max(...subj) };
}

// The same A/B as `interleaved`, with another onboard command as the baseline
// (e.g. the same command in an empty config dir): both sides are `subject()`-like.
function paired(name, subject, baseline) {
  const base = [];
  const subj = [];
  const one = (make, label) => {
    const s = make();
    const r = check(run(s.args, { input: s.input, env: s.env }), label);
    s.after?.();
    return r.ms;
  };
  for (let i = 0; i < WARMUP; i++) {
    one(baseline, `${name} (baseline)`);
    one(subject, name);
  }
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      base.push(one(baseline, `${name} (baseline)`));
      subj.push(one(subject, name));
    } else {
      subj.push(one(subject, name));
      base.push(one(baseline, `${name} (baseline)`));
    }
  }
  return { subject: median(subj), baseline: median(base), min: Math.min(...subj), max: Math.max(...subj) };
}

function timeAvailable() {
  if (!existsSync(TIME_BIN)) return false;
  const probe = spawnSync('sh', ['-c', `command -v ${TIME_BIN}`], { encoding: 'utf8' });
  if (probe.status !== 0) return false;
  const out = path.join(tmpDir('onboard-bench-time-'), 'rss');
  const r = spawnSync(TIME_BIN, ['-f', '%M', '-o', out, NODE, '-e', '0'], { stdio: 'ignore' });
  return r.status === 0 && /^\d+\s*$/m.test(readFileSync(out, 'utf8'));
}

// Max RSS (KiB) of one run, via GNU time writing to its own file (-o), so the
// child's own stderr cannot get mixed in.
function maxRssKiB(args, env = childEnv()) {
  const out = path.join(tmpDir('onboard-bench-time-'), 'rss');
  const r = spawnSync(TIME_BIN, ['-f', '%M', '-o', out, NODE, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status} under ${TIME_BIN}:\n${r.stderr}`);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  return Number.parseInt(lines[lines.length - 1], 10);
}

function rssInterleaved(args) {
  const base = [];
  const subj = [];
  maxRssKiB(['-e', '0']);
  maxRssKiB(args);
  for (let i = 0; i < RSS_RUNS; i++) {
    base.push(maxRssKiB(['-e', '0']));
    subj.push(maxRssKiB(args));
  }
  return { subject: median(subj) / 1024, baseline: median(base) / 1024, max: Math.max(...subj) / 1024 };
}

// ---------------------------------------------------------------- fixtures

function journeyOnce(dir) {
  return check(
    run([BIN, ...journeyArgs(dir)], { input: PASSWORD, env: childEnv({ ONBOARD_SIM_REVIEW_SECONDS: '0' }) }),
    'the five-step journey',
  );
}

// A config dir holding `n` profiles: the finished `default` plus n-1 clones
// (p0001…) of its file, all sharing one session token and cloud account. The
// files are written directly in the store's layout (one file per profile).
function storeWith(refDir, n) {
  const dir = tmpDir(`onboard-bench-n${n}-`);
  for (const f of readdirSync(refDir)) {
    if (statSync(path.join(refDir, f)).isFile()) cpSync(path.join(refDir, f), path.join(dir, f));
  }
  const text = readFileSync(path.join(refDir, 'profiles', 'default.json'), 'utf8');
  writeProfiles(dir, text, ['default', ...cloneNames(n - 1)]);
  return dir;
}

const cloneNames = (n) => Array.from({ length: n }, (_, i) => `p${String(i + 1).padStart(4, '0')}`);

function writeProfiles(dir, text, names) {
  mkdirSync(path.join(dir, 'profiles'), { recursive: true, mode: 0o700 });
  for (const name of names) writeFileSync(path.join(dir, 'profiles', `${name}.json`), text, { mode: 0o600 });
}

// ---------------------------------------------------------------- sim serve

// A bare Node HTTP server answering every request with a fixed STS-shaped body:
// what a signed SDK call costs when the server does nothing at all.
const BARE_SERVER = `
const body = JSON.stringify({ RequestId: '00000000-0000-0000-0000-000000000000', AccountId: '1234567890123456',
  IdentityType: 'Account', UserId: '1234567890123456', PrincipalId: '1234567890123456',
  Arn: 'acs:ram::1234567890123456:root' });
const server = require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': 'R' });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('127.0.0.1:' + server.address().port + '\\n'));
process.on('SIGTERM', () => server.close());
`;

// Starts a server child and resolves its endpoint (the first stdout line, as `sim serve` prints it).
function startServer(args, env) {
  const child = spawn(NODE, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => {
    err = (err + d).slice(-4000);
  });
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no endpoint from ${args.join(' ')}:\n${err}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      resolve({ endpoint: out.slice(0, nl).trim(), child, exited, stderr: () => err });
    });
    exited.then((r) => reject(new Error(`${args.join(' ')} exited ${r.code ?? r.signal}:\n${err}`)));
  });
}

// Median latency of one signed SDK call (STS GetCallerIdentity through
// @alicloud/openapi-core's callApi, ACS3 signature) against `sim serve` and
// against the bare server, measured in pairs in one run (alternating which
// goes first), after warm-up calls; both servers are child processes.
async function serveBench(refDir) {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  const mod = await import('@alicloud/openapi-core');
  const OpenApi = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const { $OpenApiUtil } = mod;
  const row = readFileSync(path.join(refDir, 'AccessKey.csv'), 'utf8').trim().split('\n')[1] ?? '';
  const [accessKeyId, accessKeySecret] = row.split(',');
  const serve = await startServer([BIN, '--config-dir', refDir, 'sim', 'serve', '--port', '0'], childEnv());
  const bare = await startServer(['-e', BARE_SERVER], childEnv()).catch((error) => {
    serve.child.kill('SIGTERM');
    throw error;
  });
  let result;
  try {
    const client = (endpoint) =>
      new OpenApi(new $OpenApiUtil.Config({ accessKeyId, accessKeySecret, endpoint, protocol: 'http' }));
    const params = new $OpenApiUtil.Params({
      action: 'GetCallerIdentity',
      version: '2015-04-01',
      protocol: 'HTTP',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    });
    const clients = { serve: client(serve.endpoint), bare: client(bare.endpoint) };
    const once = async (which) => {
      const t0 = process.hrtime.bigint();
      const res = await clients[which].callApi(params, new $OpenApiUtil.OpenApiRequest({}), {});
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.statusCode !== 200 || !res.body?.AccountId) throw new Error(`${which}: unexpected answer`);
      return ms;
    };
    const times = { serve: [], bare: [] };
    for (let i = 0; i < SERVE_WARMUP + SERVE_CALLS; i++) {
      const order = i % 2 === 0 ? ['bare', 'serve'] : ['serve', 'bare'];
      for (const which of order) {
        const ms = await once(which);
        if (i >= SERVE_WARMUP) times[which].push(ms);
      }
    }
    result = { subject: median(times.serve), baseline: median(times.bare), min: Math.min(...times.serve) };
  } finally {
    for (const s of [serve, bare]) s.child.kill('SIGTERM');
  }
  // Stopping is sim serve's normal end: anything but exit 0 is a failure.
  const [served] = await Promise.all([serve.exited, bare.exited]);
  if (served.code !== 0) throw new Error(`sim serve exited ${served.code ?? served.signal} on SIGTERM`);
  return result;
}

// ---------------------------------------------------------------- sim serve on its store

// The figures of sim serve's store: signed reads and writes against a bare server
// answering the same bytes (throughput at 1 and 10 clients), a request's cost as
// the cloud grows, and a farm of real-provider journeys on a big cloud. Big
// clouds are written straight through the store's module (bench/populate.ts,
// bundled here with esbuild and run as a child), not through the API.

// A bare Node HTTP server answering every request with the bytes in BENCH_BODY.
const BARE_ECHO = `
const body = Buffer.from(process.env.BENCH_BODY ?? '{}');
const server = require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': 'R', 'content-length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('127.0.0.1:' + server.address().port + '\\n'));
process.on('SIGTERM', () => server.close());
`;

async function populateTool() {
  const { build } = await import('esbuild');
  const out = path.join(tmpDir('onboard-bench-populate-'), 'populate.cjs');
  await build({
    entryPoints: [path.join(ROOT, 'bench', 'populate.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: out,
    external: ['lmdb'],
    logLevel: 'warning',
  });
  const env = childEnv({ NODE_PATH: path.join(ROOT, 'node_modules') });
  return (dir, plan) =>
    JSON.parse(
      check(run([out, dir, JSON.stringify(plan)], { env }), `populate ${JSON.stringify(plan)}`).stdout,
    );
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function stopAll(servers) {
  for (const s of servers) s.child.kill('SIGTERM');
  const ends = await Promise.all(servers.map((s) => s.exited));
  for (const [i, end] of ends.entries()) {
    if (servers[i].sim && end.code !== 0)
      throw new Error(`sim serve exited ${end.code ?? end.signal} on SIGTERM`);
  }
}

async function storeBench() {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  const mod = await import('@alicloud/openapi-core');
  const OpenApi = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const { $OpenApiUtil } = mod;
  const client = (endpoint, key) =>
    new OpenApi(
      new $OpenApiUtil.Config({
        accessKeyId: key.keyId,
        accessKeySecret: key.secret,
        endpoint,
        protocol: 'http',
        readTimeout: 30_000,
        connectTimeout: 30_000,
      }),
    );
  const ramParams = (action) =>
    new $OpenApiUtil.Params({
      action,
      version: '2015-05-01',
      protocol: 'HTTP',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    });
  const GET = ramParams('GetUser');
  const CREATE = ramParams('CreateUser');
  let written = 0;
  const getUser = async (c, name = 'user-0') => {
    const res = await c.callApi(GET, new $OpenApiUtil.OpenApiRequest({ query: { UserName: name } }), {});
    if (res.statusCode !== 200 || !res.body?.User) throw new Error('GetUser: unexpected answer');
    return res.body;
  };
  const createUser = async (c) => {
    const name = `w-${process.pid}-${written++}`;
    const res = await c.callApi(CREATE, new $OpenApiUtil.OpenApiRequest({ query: { UserName: name } }), {});
    if (res.statusCode !== 200 || !res.body?.User) throw new Error('CreateUser: unexpected answer');
    return res.body;
  };
  const timed = async (fn) => {
    const t0 = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const simServe = async (dir, env = {}) => ({
    ...(await startServer([BIN, '--config-dir', dir, 'sim', 'serve', '--port', '0'], childEnv(env))),
    sim: true,
  });
  const bareServe = (body) => startServer(['-e', BARE_ECHO], childEnv({ BENCH_BODY: JSON.stringify(body) }));
  const populate = await populateTool();
  const out = { rows: [], growth: [] };
  const running = [];

  // Throughput of `op` against two servers, `clients` at a time, in alternating blocks.
  const throughputPair = async (ops, clients, perBlock, blocks) => {
    const totals = { bare: { n: 0, ms: 0 }, serve: { n: 0, ms: 0 } };
    for (let b = 0; b < blocks; b++) {
      for (const which of b % 2 === 0 ? ['bare', 'serve'] : ['serve', 'bare']) {
        let left = perBlock;
        const t0 = process.hrtime.bigint();
        await Promise.all(
          Array.from({ length: clients }, async () => {
            while (left > 0) {
              left--;
              await ops[which]();
            }
          }),
        );
        totals[which].ms += Number(process.hrtime.bigint() - t0) / 1e6;
        totals[which].n += perBlock;
      }
    }
    const rate = (t) => (t.n * 1000) / t.ms;
    return { serve: rate(totals.serve), bare: rate(totals.bare) };
  };

  try {
    // 1. Signed reads and writes against the bare server, on a fresh store.
    const fresh = tmpDir('onboard-bench-fresh-');
    const [a] = populate(fresh, { accounts: 1, users: 10, keys: true, prefix: 'fresh' });
    const served = await simServe(fresh);
    running.push(served);
    const sc = client(served.endpoint, a);
    const readBody = await getUser(sc);
    const writeBody = await createUser(sc);
    const bareRead = await bareServe(readBody);
    running.push(bareRead);
    const bareWrite = await bareServe(writeBody);
    running.push(bareWrite);
    const br = client(bareRead.endpoint, a);
    const bw = client(bareWrite.endpoint, a);
    // Warm-up: the JIT of both servers and of the client, reads and writes alike.
    for (let i = 0; i < 200; i++)
      await Promise.all([getUser(sc), getUser(br), createUser(bw), createUser(sc)]);
    for (const [what, ops, target] of [
      ['signed read (RAM GetUser)', { serve: () => getUser(sc), bare: () => getUser(br) }, 0.5],
      ['signed write (RAM CreateUser)', { serve: () => createUser(sc), bare: () => createUser(bw) }, 0.3],
    ]) {
      for (const clients of [1, 10]) {
        const r = await throughputPair(ops, clients, clients === 1 ? STORE_CALLS : STORE_CALLS * 2, 4);
        const ratio = r.serve / r.bare;
        out.rows.push({
          name: `sim serve: ${what}, ${clients} client${clients === 1 ? '' : 's'}`,
          value: `${r.serve.toFixed(0)}/s`,
          base: `${r.bare.toFixed(0)}/s (bare)`,
          ratio: `${ratio.toFixed(2)}×`,
          target: `≥ ${target.toFixed(1)}×`,
          result: ratio >= target ? 'pass' : 'FAIL',
        });
      }
    }
    await stopAll(running.splice(0));

    // 2. Growth in one account, in one server: 100 RAM users against 900, requests alternating.
    const grown = tmpDir('onboard-bench-grown-');
    const [small] = populate(grown, { accounts: 1, users: 100, keys: true, prefix: 'small' });
    const [large] = populate(grown, { accounts: 1, users: 900, keys: true, prefix: 'large' });
    const one = await simServe(grown);
    running.push(one);
    const clients = { small: client(one.endpoint, small), large: client(one.endpoint, large) };
    const sizes = { small: 100, large: 900 };
    const reads = { small: [], large: [] };
    const writes = { small: [], large: [] };
    for (let i = 0; i < 20; i++) for (const k of ['small', 'large']) await getUser(clients[k]);
    for (let i = 0; i < STORE_CALLS; i++) {
      for (const k of i % 2 === 0 ? ['small', 'large'] : ['large', 'small']) {
        const name = `user-${Math.floor(Math.random() * sizes[k])}`;
        reads[k].push(await timed(() => getUser(clients[k], name)));
      }
    }
    // 100 writes each: the large account ends at 1,000 users, RAM's limit.
    for (let i = 0; i < 100; i++) {
      for (const k of i % 2 === 0 ? ['small', 'large'] : ['large', 'small']) {
        writes[k].push(await timed(() => createUser(clients[k])));
      }
    }
    await stopAll(running.splice(0));
    const growthRow = (name, xs, target) => {
      const res = { subject: median(xs.large), baseline: median(xs.small) };
      const ratio = res.subject / res.baseline;
      out.rows.push({
        name,
        value: fmtMs(res.subject),
        base: `${fmtMs(res.baseline)} (100 users)`,
        ratio: `${ratio.toFixed(2)}×`,
        target: `≤ ${target.toFixed(1)}×`,
        result: ratio <= target ? 'pass' : 'FAIL',
      });
      return res;
    };
    const gr = growthRow('sim serve: GetUser p50, 900 RAM users ÷ 100', reads, 1.5);
    const gw = growthRow('sim serve: CreateUser p50, 900 RAM users ÷ 100', writes, 1.5);
    out.growth.push(
      `one account, 100 → 900 RAM users: read p50 ${fmtMs(gr.baseline)} → ${fmtMs(gr.subject)}, write p50 ${fmtMs(gw.baseline)} → ${fmtMs(gw.subject)}`,
    );

    // 3. A big cloud against a fresh one: 1,000 accounts with 10,000 RAM users, two servers, alternating.
    const small1 = tmpDir('onboard-bench-one-');
    const [f] = populate(small1, { accounts: 1, users: 10, keys: true, prefix: 'one' });
    const big = tmpDir('onboard-bench-big-');
    const t0 = process.hrtime.bigint();
    const [g] = populate(big, { accounts: 1000, users: 10, keys: true, prefix: 'big' });
    const populateMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const fs1 = await simServe(small1);
    running.push(fs1);
    const bs1 = await simServe(big);
    running.push(bs1);
    const pair = { fresh: client(fs1.endpoint, f), big: client(bs1.endpoint, g) };
    const p = { fresh: [], big: [] };
    for (let i = 0; i < 20; i++) for (const k of ['fresh', 'big']) await getUser(pair[k]);
    for (let i = 0; i < STORE_CALLS; i++) {
      for (const k of i % 2 === 0 ? ['fresh', 'big'] : ['big', 'fresh']) {
        p[k].push(await timed(() => getUser(pair[k], `user-${i % 10}`)));
      }
    }
    await stopAll(running.splice(0));
    const bigRes = { subject: median(p.big), baseline: median(p.fresh) };
    const bigRatio = bigRes.subject / bigRes.baseline;
    out.rows.push({
      name: 'sim serve: GetUser p50, 1,000 accounts / 10,000 users ÷ fresh',
      value: fmtMs(bigRes.subject),
      base: `${fmtMs(bigRes.baseline)} (fresh)`,
      ratio: `${bigRatio.toFixed(2)}×`,
      target: '≤ 2.0×',
      result: bigRatio <= 2 ? 'pass' : 'FAIL',
    });
    const kib = statSync(path.join(big, 'simulated-cloud.lmdb')).size / 1024;
    out.growth.push(
      `1 → 1,000 accounts (10 → 10,000 RAM users, store ${kib.toFixed(0)} KiB, written in ${populateMs.toFixed(0)} ms): read p50 ${fmtMs(bigRes.baseline)} → ${fmtMs(bigRes.subject)}, p90 ${fmtMs(pct(p.fresh, 90))} → ${fmtMs(pct(p.big, 90))}`,
    );

    // 4. 20 concurrent --provider aliyun journeys against a sim serve holding 2,000 accounts,
    //    each against the same journey on a fresh store.
    const farm = async (holding) => {
      const dir = tmpDir('onboard-bench-farm-');
      if (holding > 0) populate(dir, { accounts: holding, users: 0, keys: false, prefix: 'held' });
      const keys = populate(dir, { accounts: FARM, users: 0, keys: true, prefix: 'farm' });
      const server = await simServe(dir, { ONBOARD_SIM_REVIEW_SECONDS: '0' });
      running.push(server);
      const runs = await Promise.all(
        keys.map((key, i) => {
          const work = tmpDir('onboard-bench-farm-run-');
          mkdirSync(path.join(work, 'home'));
          const args = [
            BIN,
            '--config-dir',
            path.join(work, 'cfg'),
            '--provider',
            'aliyun',
            '--endpoint',
            server.endpoint,
            '--no-interactive',
            '--json',
            '--site',
            'intl',
            '--product',
            'both',
            '--region',
            'cn-shanghai',
            '--ram-user',
            'ops',
            '--ram-csv',
            path.join(work, 'ops.csv'),
            '--high-end',
          ];
          const env = childEnv({
            HOME: path.join(work, 'home'),
            ALIBABA_CLOUD_ACCESS_KEY_ID: key.keyId,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.secret,
            ALIBABA_CLOUD_CREDENTIALS_URI: 'http://127.0.0.1:9/',
          });
          return new Promise((resolve) => {
            const t = process.hrtime.bigint();
            const child = spawn(NODE, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
            let stdout = '';
            child.stdout.on('data', (d) => {
              stdout += d;
            });
            child.stderr.resume();
            child.on('close', (code) => {
              let status = 'unreadable';
              try {
                status = JSON.parse(stdout).status;
              } catch {}
              resolve({ i, code, status, ms: Number(process.hrtime.bigint() - t) / 1e6 });
            });
          });
        }),
      );
      await stopAll(running.splice(0));
      return runs;
    };
    const freshFarm = await farm(0);
    const bigFarm = await farm(2000);
    const failed = [...freshFarm, ...bigFarm].filter((r) => r.code !== 0 || r.status !== 'complete');
    const ratios = bigFarm.map((r, i) => r.ms / freshFarm[i].ms);
    const worst = Math.max(...ratios);
    out.rows.push({
      name: `${FARM} aliyun journeys at once, sim serve of 2,000 accounts ÷ fresh (worst)`,
      value: fmtMs(median(bigFarm.map((r) => r.ms))),
      base: `${fmtMs(median(freshFarm.map((r) => r.ms)))} (fresh)`,
      ratio: `${worst.toFixed(2)}×`,
      target: '≤ 2.0×, all complete',
      result: failed.length === 0 && worst <= 2 ? 'pass' : 'FAIL',
    });
    out.growth.push(
      `farm: ${FARM} concurrent --provider aliyun --product both journeys; complete ${freshFarm.filter((r) => r.code === 0).length}/${FARM} on a fresh store, ${bigFarm.filter((r) => r.code === 0).length}/${FARM} on 2,000 accounts; journey median ${fmtMs(median(freshFarm.map((r) => r.ms)))} → ${fmtMs(median(bigFarm.map((r) => r.ms)))}, per-journey ratio median ${median(ratios).toFixed(2)}×, worst ${worst.toFixed(2)}×`,
    );
  } finally {
    for (const s of running) s.child.kill('SIGKILL');
  }
  return out;
}

// ---------------------------------------------------------------- report

const fmtMs = (x) => `${x.toFixed(1)} ms`;
const fmtMiB = (x) => `${x.toFixed(1)} MiB`;

function printTables(rows, machine) {
  const head = ['benchmark', 'median', 'node -e 0', 'ratio', 'target', 'result'];
  const cells = rows.map((r) => [r.name, r.value, r.base, r.ratio, r.target, r.result]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const right = [false, true, true, true, false, false];
  const line = (c) =>
    c
      .map((x, i) => (right[i] ? x.padStart(widths[i]) : x.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log('');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
  console.log('');
  for (const m of machine) console.log(m);

  console.log('');
  console.log('--- markdown ---');
  console.log('');
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${right.map((r) => (r ? '---:' : ':---')).join('|')}|`);
  for (const c of cells) console.log(`| ${c.map((x) => x.replaceAll('|', '\\|')).join(' | ')} |`);
  console.log('');
  console.log(
    machine
      .map((m) => `${m}  `)
      .join('\n')
      .trimEnd(),
  );
}

// ---------------------------------------------------------------- main

async function main() {
  const started = process.hrtime.bigint();
  const app = snapshotBuild();
  BIN = path.join(app.dir, 'bin', 'onboard.js');
  const version = check(run([BIN, '--version']), 'onboard --version')
    .stdout.toString()
    .trim();
  const progress = (s) => process.stderr.write(`bench: ${s}\n`);
  progress(`onboard ${version} (${app.how}); ${WARMUP} warm-up + ${RUNS} measured runs per side`);
  if (process.env.BENCH_ONLY === 'store') {
    // Only sim serve's store (while working on it); official numbers come from the whole run.
    progress('sim serve on its store only (BENCH_ONLY=store)');
    const stored = await storeBench();
    const load = os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
    printTables(stored.rows, [`node ${process.version}; load avg ${load}`, ...stored.growth]);
    return;
  }

  // Reference setup: one finished profile.
  const refDir = tmpDir('onboard-bench-ref-');
  journeyOnce(refDir);
  const st = JSON.parse(
    check(run([BIN, '--config-dir', refDir, 'status', '--json']), 'status --json').stdout,
  );
  if (st.status !== 'complete') throw new Error(`reference setup is ${st.status}, expected complete`);

  const rows = [];
  const ratioRow = (name, res, target, baseName) => {
    const ratio = res.subject / res.baseline;
    rows.push({
      name,
      value: fmtMs(res.subject),
      base: baseName ? `${fmtMs(res.baseline)} (${baseName})` : fmtMs(res.baseline),
      ratio: `${ratio.toFixed(2)}×`,
      target: target ? `≤ ${target.toFixed(1)}×` : '—',
      result: target ? (ratio <= target ? 'pass' : 'FAIL') : 'info',
    });
    return ratio;
  };

  progress('onboard --version');
  ratioRow(
    'onboard --version',
    interleaved('onboard --version', () => ({ args: [BIN, '--version'] })),
    1.3,
  );

  progress('onboard status --json (1 finished profile)');
  const statusArgs = (dir) => [BIN, '--config-dir', dir, 'status', '--json'];
  ratioRow(
    'status --json (1 profile)',
    interleaved('status --json', () => ({ args: statusArgs(refDir) })),
    STATUS_TARGET,
  );

  progress('onboard status --json without the compile cache');
  ratioRow(
    'status --json, no compile cache',
    interleaved('status --json (no compile cache)', () => ({
      args: statusArgs(refDir),
      env: childEnv({ NODE_DISABLE_COMPILE_CACHE: '1' }),
    })),
    null,
  );

  // What no change to onboard's own code can take away: the simulated cloud's store library
  // (lmdb, native), which a status check loads to read the cloud live.
  progress('lmdb loaded alone');
  ratioRow(
    'lmdb loaded alone (the store’s library)',
    interleaved('lmdb loaded alone', () => ({
      args: ['-e', `require(${JSON.stringify(path.join(ROOT, 'node_modules', 'lmdb'))})`],
      // As onboard loads it (src/provider/simulated/store.ts).
      env: childEnv({ MSGPACKR_NATIVE_ACCELERATION_DISABLED: 'true' }),
    })),
    null,
  );

  progress('status --json max RSS');
  if (timeAvailable()) {
    const rss = rssInterleaved(statusArgs(refDir));
    rows.push({
      name: `status --json max RSS (median of ${RSS_RUNS})`,
      value: fmtMiB(rss.subject),
      base: fmtMiB(rss.baseline),
      ratio: `${(rss.subject / rss.baseline).toFixed(2)}×`,
      target: '≤ 60 MiB',
      result: rss.subject <= 60 ? 'pass' : 'FAIL',
    });
  } else {
    rows.push({
      name: 'status --json max RSS',
      value: 'n/a',
      base: 'n/a',
      ratio: 'n/a',
      target: '≤ 60 MiB',
      result: `n/a (no ${TIME_BIN})`,
    });
  }

  progress('five-step journey (fresh config dir per run, no simulated latency)');
  const journey = interleaved(
    'the five-step journey',
    () => {
      const dir = tmpDir('onboard-bench-j-');
      return {
        args: [BIN, ...journeyArgs(dir)],
        input: PASSWORD,
        env: childEnv({ ONBOARD_SIM_REVIEW_SECONDS: '0' }),
        after: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
    PASSWORD,
  );
  ratioRow('five-step journey', journey, 3);
  if (STARTUP_ONLY) {
    printTables(rows, [`node ${process.version}: start-up rows only; load avg ${loadAvg()}`]);
    return;
  }

  const scale = [];
  const stores = new Map();
  for (const n of [1, 100, 1000]) {
    progress(`status --json with ${n} profile(s) in the store`);
    const dir = storeWith(refDir, n);
    stores.set(n, dir);
    const res = interleaved(`status --json (${n} profiles)`, () => ({ args: statusArgs(dir) }));
    ratioRow(`status --json, store of ${n.toLocaleString('en-US')}`, res, null);
    const files = readdirSync(path.join(dir, 'profiles'));
    const kib = files.reduce((sum, f) => sum + statSync(path.join(dir, 'profiles', f)).size, 0) / 1024;
    scale.push({ n, ms: res.subject, kib });
  }

  // The store writes what changed: 1,000 other profiles cost a status or a new profile's journey nothing.
  progress('status --json: a store of 1,000 profiles against a store of 1 (paired)');
  const many = stores.get(1000);
  const single = stores.get(1);
  const statusScale = paired(
    'status --json (1,000 vs 1 profile)',
    () => ({ args: statusArgs(many) }),
    () => ({ args: statusArgs(single) }),
  );
  ratioRow('status --json: 1,000 profiles ÷ 1', statusScale, 1.3, 'store of 1');

  progress('five-step journey: in a config dir of 1,000 other profiles against an empty one (paired)');
  const profileText = readFileSync(path.join(refDir, 'profiles', 'default.json'), 'utf8');
  const others = cloneNames(1000);
  // Every run's config dir is made first, and the disk synced once: a journey's fsyncs must not
  // pay for writing back the 1,000 files the setup just created.
  const prepared = { true: [], false: [] };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const fill of [true, false]) {
      const dir = tmpDir('onboard-bench-j-');
      if (fill) writeProfiles(dir, profileText, others);
      prepared[fill].push(dir);
    }
  }
  spawnSync('sync');
  const journeyIn = (fill) => () => {
    const dir = prepared[fill].shift();
    return {
      args: [BIN, ...journeyArgs(dir)],
      input: PASSWORD,
      env: childEnv({ ONBOARD_SIM_REVIEW_SECONDS: '0' }),
      after: () => rmSync(dir, { recursive: true, force: true }),
    };
  };
  const journeyScale = paired(
    'five-step journey (1,000 profiles vs none)',
    journeyIn(true),
    journeyIn(false),
  );
  ratioRow('five-step journey: 1,000 other profiles ÷ none', journeyScale, 1.3, 'empty store');

  progress(`sim serve: one signed SDK call, ${SERVE_WARMUP} warm-up + ${SERVE_CALLS} measured pairs`);
  const served = await serveBench(refDir);
  const servedRatio = served.subject / served.baseline;
  rows.push({
    name: 'sim serve: signed STS call (vs bare HTTP)',
    // Sub-millisecond times: two decimals.
    value: `${served.subject.toFixed(2)} ms`,
    base: `${served.baseline.toFixed(2)} ms (bare)`,
    ratio: `${servedRatio.toFixed(2)}×`,
    target: '≤ 2.0×',
    result: servedRatio <= 2 ? 'pass' : 'FAIL',
  });

  progress('sim serve on its store: signed reads and writes, growth, a farm of aliyun journeys');
  const stored = await storeBench();
  rows.push(...stored.rows);

  const cpus = os.cpus();
  const first = scale[0];
  const last = scale[scale.length - 1];
  const perProfileUs = ((last.ms - first.ms) * 1000) / (last.n - first.n);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const machine = [
    `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}`,
    `node ${process.version}; onboard ${version}; ${new Date().toISOString()}; load avg ${loadAvg()}`,
    `runs: ${WARMUP} warm-up + ${RUNS} measured per side, interleaved with node -e 0; RSS: ${RSS_RUNS} runs per side via ${TIME_BIN} -f %M; sim serve: ${SERVE_WARMUP} + ${SERVE_CALLS} call pairs`,
    `store growth: profiles/ ${first.kib.toFixed(1)} KiB → ${last.kib.toFixed(0)} KiB; ${perProfileUs.toFixed(1)} µs per extra profile for status (${first.n} → ${last.n}); bench took ${elapsed.toFixed(0)} s`,
    ...stored.growth.map((g) => `simulated cloud: ${g}`),
    `sim serve rows: the official client (@alicloud/openapi-core callApi, ACS3) in this process against sim serve and a bare node:http server answering the same bytes, both child processes; throughput in 4 alternating blocks of ${STORE_CALLS} (1 client) or ${STORE_CALLS * 2} (10 clients) calls per side; p50 rows alternate call by call`,
  ];
  printTables(rows, machine);
  otherNode();
}

const loadAvg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** The start-up rows again on Node 24 (skipped with BENCH_NODE24=0, or when it cannot be had). */
function otherNode() {
  if (NODE_MAJOR >= 24 || process.env.BENCH_NODE24 === '0') return;
  const found = spawnSync('bash', [path.join(ROOT, 'scripts', 'node24.sh')], { encoding: 'utf8' });
  const node24 = found.stdout.trim();
  if (found.status !== 0 || node24 === '') {
    console.log(`Node 24: not measured (${found.stderr.trim() || 'scripts/node24.sh failed'})`);
    return;
  }
  process.stderr.write(`bench: the start-up rows on ${node24}\n`);
  const child = spawnSync(node24, [fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_STARTUP_ONLY: '1' },
  });
  if (child.status !== 0) process.exitCode = 1;
}

try {
  await main();
} catch (e) {
  console.error(`bench: error: ${e?.stack ?? e}`);
  process.exitCode = 1;
} finally {
  cleanup();
}

/** `onboard profiles`: the profiles in the config dir, with product, overall status and account. */
import { EXIT } from '../core/errors.js';
import type { Overall, Product } from '../core/types.js';
import { escapeControls, t } from '../i18n/index.js';
import { ALL_FIELDS, STEPS } from '../steps/index.js';
import { overallWord, productName } from '../ui/report.js';
import { displayWidth, padEnd } from '../ui/width.js';
import { checkAll, overall } from '../wizard/runner.js';
import type { Globals } from './globals.js';
import { openRun, openStore } from './open.js';
import type { ParsedCommand } from './parsed.js';

interface Row {
  name: string;
  product: Product;
  status: Overall;
  account: string | null;
}

export async function profilesCommand(g: Globals, p: ParsedCommand): Promise<number> {
  // One store for every profile: each file is read once.
  const store = openStore(g);
  const open = (profile: string) =>
    openRun(
      { ...g, profile },
      {
        command: 'profiles',
        fields: ALL_FIELDS,
        flags: {},
        argv: p.argv,
        readOnly: true,
        resolve: ['product'],
        store,
        eachOwnCloud: true,
      },
    );
  const { env } = await open(g.profile);
  const rows: Row[] = [];
  for (const name of env.store.profileNames()) {
    // Each profile as `status` sees it: its own product and session, checked live when the session works.
    const { env: one } = await open(name);
    const reports = await checkAll(one, STEPS, await one.sessions.live());
    rows.push({
      name,
      product: one.product,
      status: overall(reports),
      account: one.store.profile(name)?.session?.uid ?? null,
    });
  }
  const out = env.out;
  if (g.json) {
    out.jsonDoc({ schemaVersion: 1, profiles: rows });
    return EXIT.ok;
  }
  if (rows.length === 0) {
    out.result(t('profiles.none', { dir: g.configDir }));
    return EXIT.ok;
  }
  const head = [
    t('profiles.colName'),
    t('profiles.colProduct'),
    t('profiles.colStatus'),
    t('profiles.colAccount'),
  ];
  const cells = rows.map((r) =>
    [r.name, productName(r.product), overallWord(r.status), r.account ?? '—'].map(escapeControls),
  );
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...cells.map((c) => displayWidth(c[i] ?? ''))));
  const line = (c: string[]) =>
    c
      .map((x, i) => padEnd(x, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  out.result(out.rc.bold(line(head)));
  for (const c of cells) out.result(line(c));
  return EXIT.ok;
}

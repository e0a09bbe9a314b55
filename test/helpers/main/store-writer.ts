/**
 * Child-process entry: one of many processes changing one simulated cloud at once. It opens the
 * store in the config dir (creating it if it is the first), makes `changes` changes (a mail to its
 * own address each: every mail also bumps the cloud's one mail counter), and after each reads its
 * own mails back. Exits 0 when every change it made was there each time, 3 (with the first
 * discrepancy on stderr) when one was missing.
 */
import { CloudStore } from '../../../src/provider/simulated/store.js';

const [configDir, name, changesText] = process.argv.slice(2);
if (!configDir || !name || !changesText) throw new Error('usage: store-writer <config-dir> <name> <changes>');
const changes = Number(changesText);
const to = `${name}@example.com`;
const store = new CloudStore(configDir, false);
for (let i = 1; i <= changes; i++) {
  const seen = await store.write((tx) => {
    const before = tx.mails(to).length;
    const now = new Date().toISOString();
    tx.addMail(
      { to, subject: 'store writer', code: String(i), sentAt: now, expiresAt: now, used: false },
      1_000_000,
    );
    return before;
  });
  const after = await store.read((tx) => tx.mails(to).length);
  if (seen !== i - 1 || after !== i) {
    process.stderr.write(
      `${name}: change ${i} found ${seen} of its mails before (expected ${i - 1}) and ${after} after (expected ${i})\n`,
    );
    process.exit(3);
  }
}

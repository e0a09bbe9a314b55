/**
 * The files a setup left with the person: the aliyun CLI's config, the
 * credentials file, the CSVs and the profile's own file. Each must be 0600
 * (others cannot read the secret), in a folder others cannot write (0700 is
 * what onboard creates), and not where `git add .` would commit it (the same
 * question the CSV warning asks, `delivery/git-ignore.ts`).
 */
import { statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gitExposure } from '../../delivery/git-ignore.js';
import { tildify } from '../../delivery/targets/spec.js';
import { t } from '../../i18n/index.js';
import { shellWord } from '../../wizard/command-line.js';
import type { DoctorFinding } from '../../wizard/step.js';

/** A file to look at, and whether its folder's mode is ours to judge (a CSV's folder is the person's). */
export interface SetupFile {
  path: string;
  folder: boolean;
}

function mode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
}

const octal = (m: number) => `0${m.toString(8).padStart(3, '0')}`;

export function fileChecks(files: readonly SetupFile[], home: string): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  const seenFolders = new Set<string>();
  for (const { path, folder } of files) {
    const m = mode(path);
    if (m === undefined) continue;
    const shown = tildify(path, home);
    out.push(
      m & 0o077
        ? {
            id: `mode:${path}`,
            status: 'problem',
            summary: t('doctor.fileLoose', { path: shown, mode: octal(m) }),
            fix: `chmod 600 ${shellWord(path)}`,
          }
        : { id: `mode:${path}`, status: 'ok', summary: t('doctor.fileOk', { path: shown }) },
    );
    const dir = dirname(path);
    const dm = folder && !seenFolders.has(dir) ? mode(dir) : undefined;
    seenFolders.add(dir);
    if (dm !== undefined && dm & 0o077) {
      // Others writing the folder can replace the file; others reading it only see names.
      out.push({
        id: `folder:${dir}`,
        status: dm & 0o022 ? 'problem' : 'warning',
        summary: t('doctor.folderLoose', { path: tildify(dir, home), mode: octal(dm) }),
        fix: `chmod 700 ${shellWord(dir)}`,
      });
    }
    const git = gitExposure(path);
    if (git.state === 'exposed') {
      const rel = relative(git.root, path);
      out.push({
        id: `git:${path}`,
        status: 'problem',
        summary: t('doctor.gitExposed', { path: shown, root: tildify(git.root, home) }),
        fix: `printf '%s\\n' ${shellWord(`/${rel}`)} >> ${shellWord(join(git.root, '.gitignore'))}`,
      });
    } else if (git.state === 'unknown') {
      out.push({
        id: `git:${path}`,
        status: 'warning',
        summary: t('doctor.gitUnknown', { path: shown, root: tildify(git.root, home) }),
      });
    }
  }
  return out;
}

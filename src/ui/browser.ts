/**
 * Opening a console page in the person's browser, only after they said yes
 * (never in a non-interactive run). `$BROWSER` when set (a command, as
 * Python's webbrowser and git read it), else the platform's opener. The URL
 * is an argument, never passed through a shell; the browser is detached so
 * the wizard carries on at once.
 */

function opener(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const browser = env.BROWSER?.split(':')[0]?.trim();
  if (browser) return browser;
  if (platform === 'darwin') return 'open';
  if (platform === 'win32') return 'explorer.exe';
  return 'xdg-open';
}

/** Resolves true when the opener started, false when there is none (the link is shown anyway). */
export async function openInBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  // Only web pages: a link from the catalog, never a file or another scheme.
  if (!/^https?:\/\/[^\s]+$/.test(url)) return false;
  const command = opener(env, platform);
  // Loaded only here: child_process costs every start a few milliseconds.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    try {
      const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}

/** Colour is decided in one place: FORCE_COLOR wins, then NO_COLOR or --no-color, then the terminal. */
export function decideColor(colorFlag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (colorFlag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/** The steps, in order. A new step is a new file and one line here. */
import { accesskey } from './accesskey.js';
import { account } from './account.js';
import { highend } from './highend.js';
import { identity } from './identity.js';
import { oss } from './oss.js';
import type { Step } from './types.js';

export const STEPS: readonly Step[] = [account, identity, accesskey, oss, highend];

import type { Messages } from '../index.js';
import { cli } from './cli.js';
import { delivery } from './delivery.js';
import { errors } from './errors.js';
import { provider } from './provider.js';
import { serve } from './serve.js';
import { steps } from './steps.js';
import { store } from './store.js';
import { upkeep } from './upkeep.js';
import { validation } from './validation.js';

/** 简体中文目录：键与英文目录完全相同。 */
export const zhCN: Messages = {
  ...cli,
  ...delivery,
  ...errors,
  ...provider,
  ...serve,
  ...steps,
  ...store,
  ...upkeep,
  ...validation,
};

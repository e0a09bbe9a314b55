import { cli } from './cli.js';
import { delivery } from './delivery.js';
import { errors } from './errors.js';
import { provider } from './provider.js';
import { serve } from './serve.js';
import { steps } from './steps.js';
import { store } from './store.js';
import { validation } from './validation.js';

/** The English catalog: the source of every message key. */
export const en = {
  ...cli,
  ...delivery,
  ...errors,
  ...provider,
  ...serve,
  ...steps,
  ...store,
  ...validation,
};

type EnglishCatalog = Record<keyof typeof en, string>;

declare module '../../core/messages.js' {
  /** The catalog's keys become the project's message keys (see core/messages.ts). */
  interface MessageCatalog extends EnglishCatalog {}
}

import { cli } from './cli.js';
import { errors } from './errors.js';
import { provider } from './provider.js';
import { steps } from './steps.js';
import { store } from './store.js';
import { validation } from './validation.js';

/** The English catalog: the source of every message key. */
export const en = { ...cli, ...errors, ...provider, ...steps, ...store, ...validation };

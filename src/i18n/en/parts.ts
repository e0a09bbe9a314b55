import { cli } from './cli.js';
import { delivery } from './delivery.js';
import { errors } from './errors.js';
import { provider } from './provider.js';
import { serve } from './serve.js';
import { steps } from './steps.js';
import { store } from './store.js';
import { upkeep } from './upkeep.js';
import { validation } from './validation.js';

/**
 * The English catalog as its areas' files, looked up in turn: copying ~600
 * messages into one object costs every start more than the lookups do.
 */
export const enParts = [cli, delivery, errors, provider, serve, steps, store, upkeep, validation] as const;

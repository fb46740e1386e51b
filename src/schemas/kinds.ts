import { CERT_MANAGER_KINDS } from './definitions/cert-manager.js';
import { CORE_KINDS } from './definitions/core.js';
import { FLUX_KINDS } from './definitions/flux.js';
import type { KindSchema } from './definitions/resource.js';

/** Every apiVersion and kind that fluxlint has a schema for. */
export const KINDS: readonly KindSchema[] = [...FLUX_KINDS, ...CORE_KINDS, ...CERT_MANAGER_KINDS];

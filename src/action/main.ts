import k8s from 'fluxlint-generated:k8s-validators';
import config from 'fluxlint-generated:config-validators';
import { provideBundledValidators } from '../schemas/bundled-validators.js';
import { runAction } from './run.js';

/**
 * The entry point of the bundle dist/action/index.js (action.yml runs it). The
 * validators are compiled into the bundle by build.ts, so a run needs neither
 * `npm ci` nor a schema compilation. It runs unconditionally: runners start it by a
 * path that may differ from import.meta.url (Gitea copies actions behind a symlink).
 */
provideBundledValidators({ k8s, config });
await runAction();

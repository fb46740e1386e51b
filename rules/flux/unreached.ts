import type { Rule } from '../../src/engine/rule.js';

/**
 * Which files Flux applies is known only once every rule has run over the model,
 * so this rule has no hooks of its own: the engine summarizes the deployment rules'
 * findings in unreached trees under its id (src/engine/unreached.ts).
 */
export const unreached: Rule = {
  meta: {
    id: 'flux/unreached',
    severity: 'info',
    description: 'A tree that no Flux entry point reaches holds findings of deployment rules, which are not reported one by one.',
    docs: {
      rationale:
        'Flux applies only what its entry points (the bootstrap sync, a FluxInstance, the flux-instance chart) reach; an archive, a template tree or test data is never applied, so its missing references and schema errors break nothing. One note per tree says they are there; `lintUnreached: true` in .fluxlint.yaml reports them all.',
      bad: '# clusters/main/flux-system/gotk-sync.yaml syncs ./clusters/main\n# .archive/old-app/helmrelease.yaml, reached by nothing:\napiVersion: helm.toolkit.fluxcd.io/v2beta1\nkind: HelmRelease',
      good: '# .archive/ deleted, or listed in a kustomization that ./clusters/main reaches',
      suppression: 'A disable comment cannot silence this rule: it stands for findings that are not shown. Set its severity to off in the configuration, or `lintUnreached: true` to see the findings themselves.',
    },
  },
  create() {
    return {};
  },
};

import type { Rule } from '../../src/engine/rule.js';
import { reportBuildProblems } from './build-problems.js';

export const buildError: Rule = {
  meta: {
    id: 'kustomize/build-error',
    severity: 'error',
    deployment: true,
    description: 'A patch matches no object or does not apply, a replacement has no single source or a target field is missing, a generator merges into an object that does not exist, a kustomization is empty, or a Component is listed as a resource.',
    docs: {
      rationale: 'kustomize build stops on these, so nothing of the Kustomization is applied; usually a renamed object or a typo in a patch target.',
      bad: 'patches:\n  - path: patch.yaml   # patches HelmRelease "podinfo", which is now called "podinfo-app"',
      good: 'patches:\n  - path: patch.yaml\n    target:\n      kind: HelmRelease\n      name: podinfo-app',
    },
  },
  create: reportBuildProblems(['invalid']),
};

import type { Rule } from '../../src/engine/rule.js';
import { reportBuildProblems } from './build-problems.js';

export const remoteResource: Rule = {
  meta: {
    id: 'kustomize/remote-resource',
    severity: 'info',
    deployment: true,
    description: 'A kustomization includes a remote resource, which fluxlint does not fetch.',
    docs: {
      rationale: 'fluxlint works offline: objects from a remote URL are not checked, and this says so once per entry instead of staying silent.',
      bad: 'resources:\n  - https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.0/standard-install.yaml',
      good: 'resources:\n  - ./gateway-api-crds.yaml   # vendored, or applied by its own Flux source',
    },
  },
  create: reportBuildProblems(['remote']),
};

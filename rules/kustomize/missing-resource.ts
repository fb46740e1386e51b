import type { Rule } from '../../src/engine/rule.js';
import { reportBuildProblems } from './build-problems.js';

export const missingResource: Rule = {
  meta: {
    id: 'kustomize/missing-resource',
    severity: 'error',
    deployment: true,
    description: 'A kustomization or Flux Kustomization names a resource, component, patch, generator file or path that does not exist.',
    docs: {
      rationale: 'kustomize build fails on it, so Flux applies nothing from that Kustomization until it is fixed.',
      bad: 'resources:\n  - ./helmrelease.yaml\n  - ./secret.sops.yaml   # renamed to secret.sops.yml',
      good: 'resources:\n  - ./helmrelease.yaml\n  - ./secret.sops.yml',
    },
  },
  create: reportBuildProblems(['missing']),
};

import type { Rule } from '../../src/engine/rule.js';
import { reportBuildProblems } from './build-problems.js';

export const invalidPath: Rule = {
  meta: {
    id: 'kustomize/invalid-path',
    severity: 'error',
    deployment: true,
    description: 'A kustomization includes itself (a cycle) or a path outside the repository.',
    docs: {
      rationale: 'kustomize refuses cycles, and Flux builds only what is inside the source: a path that leaves the repository is not there when Flux builds it. fluxlint never follows either.',
      bad: '# apps/kustomization.yaml\nresources:\n  - ../apps',
      good: '# apps/kustomization.yaml\nresources:\n  - ./podinfo',
    },
  },
  create: reportBuildProblems(['cycle', 'outside-root']),
};

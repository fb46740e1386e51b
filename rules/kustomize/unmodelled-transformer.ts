import type { Rule } from '../../src/engine/rule.js';
import { reportBuildProblems } from './build-problems.js';

export const unmodelledTransformer: Rule = {
  meta: {
    id: 'kustomize/unmodelled-transformer',
    severity: 'info',
    deployment: true,
    description: 'A kustomization runs a transformer (a `transformers:` entry) that fluxlint does not model.',
    docs: {
      rationale:
        'fluxlint applies the builtin LabelTransformer, AnnotationsTransformer, PatchTransformer, ReplacementTransformer, and (as the kustomization fields do) ImageTagTransformer, NamespaceTransformer and PrefixSuffixTransformer configs; any other transformer (ReplicaCountTransformer, a plugin, or a builtin with other fieldSpecs) changes the objects in ways fluxlint does not follow, so they are checked as if it did not run, and this says so once per transformer instead of staying silent.',
      bad: 'transformers:\n  - |-\n    apiVersion: builtin\n    kind: ReplicaCountTransformer\n    metadata:\n      name: replicas\n    replica:\n      name: app\n      count: 3\n    fieldSpecs:\n      - path: spec/replicas\n        kind: Deployment',
      good: 'replicas:   # the kustomization field, which fluxlint models\n  - name: app\n    count: 3',
    },
  },
  create: reportBuildProblems(['unmodelled']),
};

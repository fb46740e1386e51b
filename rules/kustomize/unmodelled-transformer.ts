import type { Rule } from '../../src/engine/rule.js';
import { reportBuildProblems } from './build-problems.js';

export const unmodelledTransformer: Rule = {
  meta: {
    id: 'kustomize/unmodelled-transformer',
    severity: 'info',
    description: 'A kustomization runs a transformer (a `transformers:` entry) that fluxlint does not model.',
    docs: {
      rationale:
        'fluxlint applies the builtin LabelTransformer, AnnotationsTransformer, PatchTransformer and ImageTagTransformer (without fieldSpecs) configs; any other transformer (a prefix, a namespace, a plugin) changes the objects in ways fluxlint does not follow, so they are checked as if it did not run, and this says so once per transformer instead of staying silent.',
      bad: 'transformers:\n  - |-\n    apiVersion: builtin\n    kind: PrefixSuffixTransformer\n    metadata:\n      name: prefix\n    prefix: media-\n    fieldSpecs:\n      - path: metadata/name',
      good: 'namePrefix: media-   # the kustomization field, which fluxlint models',
    },
  },
  create: reportBuildProblems(['unmodelled']),
};

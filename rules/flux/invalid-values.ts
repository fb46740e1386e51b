import type { Rule } from '../../src/engine/rule.js';
import { composeValues } from '../../src/model/flux/helm-values.js';

export const invalidValues: Rule = {
  meta: {
    id: 'flux/invalid-values',
    severity: 'error',
    deployment: true,
    description: 'A HelmRelease reads values that helm-controller cannot use: a valuesFrom key that is not a YAML mapping, or a targetPath Helm cannot parse.',
    docs: {
      rationale:
        'helm-controller reads each valuesFrom key into a mapping of values and sets targetPath as `helm --set` does; when either fails, the release fails and nothing is installed or upgraded. fluxlint treats such a layer as unknown and names it in `fluxlint values`.',
      bad: 'kind: ConfigMap\ndata:\n  values.yaml: |\n    - replicas: 2   # a list, not a mapping',
      good: 'kind: ConfigMap\ndata:\n  values.yaml: |\n    replicas: 2',
    },
  },
  create(context) {
    return {
      repository() {
        const flux = context.repository.flux;
        for (const release of flux.ofKind('HelmRelease')) {
          for (const problem of composeValues(flux, release).problems) context.report(problem);
        }
      },
    };
  },
};

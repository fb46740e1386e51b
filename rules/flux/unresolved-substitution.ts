import type { Rule } from '../../src/engine/rule.js';

export const unresolvedSubstitution: Rule = {
  meta: {
    id: 'flux/unresolved-substitution',
    severity: 'warning',
    description: 'A postBuild ${VAR} has no value and no default, or a substitution expression is malformed.',
    docs: {
      rationale: 'Flux substitutes an empty string for a variable nobody defines (or, in strict mode, fails the Kustomization); a malformed expression always fails it. Values in SOPS-encrypted Secrets are unknown, not missing, and are not reported.',
      bad: '# postBuild.substitute defines DOMAIN only\nhost: chat.${DOMIAN}',
      good: 'host: chat.${DOMAIN}',
    },
  },
  create(context) {
    return {
      repository() {
        const seen = new Set<string>();
        for (const flux of context.repository.flux.kustomizations) {
          for (const finding of flux.substitution) {
            const key = `${finding.location.file}:${finding.location.line}:${finding.location.column}:${finding.expression}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const owner = `Kustomization "${flux.namespace}/${flux.name}"`;
            if (finding.kind === 'error') {
              context.report({
                severity: 'error',
                message: `${owner} cannot substitute "${finding.expression}": ${finding.message}; Flux fails the whole Kustomization.`,
                location: finding.location,
                fix: 'Write ${NAME}, ${NAME:=default} or ${NAME:-default}; write $${...} for a literal ${...}.',
              });
              continue;
            }
            context.report({
              message: `${finding.expression} has no value in ${owner}: neither postBuild.substitute nor substituteFrom defines ${finding.variable}, and it has no default; Flux substitutes an empty string, or fails in strict mode.`,
              location: finding.location,
              related: [{ location: flux.object.document.locate(flux.object.anchor), message: `${owner} is defined here` }],
              fix: `Define ${finding.variable} in postBuild.substitute or a substituteFrom ConfigMap/Secret, or give it a default: \${${finding.variable}:=value}.`,
            });
          }
        }
      },
    };
  },
};

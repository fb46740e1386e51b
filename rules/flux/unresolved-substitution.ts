import type { Location } from '../../src/diagnostic.js';
import type { Rule } from '../../src/engine/rule.js';
import { idOf } from '../../src/model/kustomize/object.js';
import { nodeAt } from '../../src/yaml/nodes.js';

/** How many further uses of one variable in one file a finding lists. */
const MAX_RELATED_USES = 10;

export const unresolvedSubstitution: Rule = {
  meta: {
    id: 'flux/unresolved-substitution',
    severity: 'warning',
    deployment: true,
    description: 'A postBuild ${VAR} has no value and no default, or a substitution expression is malformed.',
    docs: {
      rationale: 'Flux substitutes an empty string for a variable nobody defines (or, in strict mode, fails the Kustomization); a malformed expression always fails it. Values in SOPS-encrypted Secrets are unknown, not missing, and are not reported. A variable used many times in one file is one finding at its first use, the others listed with it. The text of a CustomResourceDefinition is documentation (the CRDs of Flux say `${var:position}`): nothing is said there.',
      bad: '# postBuild.substitute defines DOMAIN only\nhost: chat.${DOMIAN}',
      good: 'host: chat.${DOMAIN}',
    },
  },
  create(context) {
    return {
      repository() {
        const model = context.repository.flux;
        // Said once per Secret as written (a component may apply it in many namespaces).
        const bySource = new Map<string, { location: Location; name: string; variables: Set<string> }>();
        for (const [source, variables] of model.unreadableSources) {
          const location = model.origins.locate(nodeAt(source.node, ['metadata', 'name'])) ?? source.document.locate(source.anchor);
          const key = `${location.file}:${location.line}:${location.column}`;
          const entry = bySource.get(key) ?? { location, name: idOf(source).name, variables: new Set<string>() };
          for (const variable of variables) entry.variables.add(variable);
          bySource.set(key, entry);
        }
        for (const { location, name, variables } of bySource.values()) {
          const names = [...variables].sort();
          const list = `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;
          context.report({
            severity: 'info',
            message: `Secret "${name}" is SOPS-encrypted: ${names.length === 1 ? `the variable ${list} taken from it is unknown to fluxlint, and values using it are` : `the ${names.length} variables taken from it (${list}) are unknown to fluxlint, and values using them are`} not checked.`,
            location,
          });
        }
        const seen = new Set<string>();
        for (const flux of model.kustomizations) {
          // One variable without a value, used many times in one file (a dashboard's ${DS_PROMETHEUS}), is one finding.
          const uses = new Map<string, Location[]>();
          for (const finding of flux.substitution) {
            if (finding.kind === 'error') continue;
            const key = `${finding.location.file}\n${finding.variable}`;
            uses.set(key, [...(uses.get(key) ?? []), finding.location]);
          }
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
            const others = (uses.get(`${finding.location.file}\n${finding.variable}`) ?? []).filter((l) => l !== finding.location);
            if (others.some((l) => l.line < finding.location.line || (l.line === finding.location.line && l.column < finding.location.column))) continue;
            for (const other of others) seen.add(`${other.file}:${other.line}:${other.column}:${finding.expression}`);
            context.report({
              message: `${finding.expression} has no value in ${owner}: neither postBuild.substitute nor substituteFrom defines ${finding.variable}, and it has no default; Flux substitutes an empty string, or fails in strict mode.${others.length ? ` This file uses it ${others.length + 1} times.` : ''}`,
              location: finding.location,
              related: [
                { location: model.origins.locate(nodeAt(flux.object.node, ['metadata', 'name'])) ?? flux.object.document.locate(flux.object.anchor), message: `${owner} is defined here` },
                ...others.slice(0, MAX_RELATED_USES).map((location) => ({ location, message: `${finding.variable} used again` })),
              ],
              fix: `Define ${finding.variable} in postBuild.substitute or a substituteFrom ConfigMap/Secret, or give it a default: \${${finding.variable}:=value}.`,
            });
          }
        }
      },
    };
  },
};

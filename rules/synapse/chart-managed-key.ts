import type { Node } from 'yaml';
import type { Rule } from '../../src/engine/rule.js';
import { describeObject, idOf } from '../../src/model/kustomize/object.js';
import { SYNAPSE_CHART_MANAGED_KEYS } from '../../src/schemas/definitions/synapse.js';
import { keyName, pairsOf } from '../../src/yaml/nodes.js';
import { configDocuments, entryPath } from '../shared/embedded-config.js';

/** Keys the chart owns only while a component is enabled. */
const ONLY_WHILE: Readonly<Record<string, readonly string[]>> = {
  matrix_authentication_service: ['matrixAuthenticationService'],
  password_config: ['matrixAuthenticationService'],
  matrix_rtc: ['matrixRTC'],
};

/** Reported by a rule that says more about it: a second transport (`ess/rtc-foci`). */
const REPORTED_ELSEWHERE = new Set(['matrix_rtc']);

export const chartManagedKey: Rule = {
  meta: {
    id: 'synapse/chart-managed-key',
    severity: 'warning',
    deployment: true,
    description: 'A Synapse configuration in synapse.additional sets a key the matrix-stack chart owns: the chart overrides it or merges its own into it.',
    docs: {
      rationale: "The chart renders its own settings for these keys after the user's additional configuration, so changing them there appears to have no effect (lists are appended to, not replaced).",
      bad: 'synapse:\n  additional:\n    00-uploads:\n      config: |\n        max_upload_size: 500M',
      good: 'synapse:\n  media:\n    maxUploadSize: 500M',
    },
  },
  create(context) {
    return {
      repository() {
        for (const config of configDocuments(context.repository.flux, 'synapse')) {
          for (const pair of pairsOf(config.document.contents, config.document.doc)) {
            const key = keyName(pair);
            const hint = key === null ? undefined : SYNAPSE_CHART_MANAGED_KEYS[key];
            if (!hint || REPORTED_ELSEWHERE.has(key!)) continue;
            const component = ONLY_WHILE[key!];
            if (component && !config.release.values.enabled(component)) continue;
            context.report({
              message: `"${key}" in ${entryPath('synapse', config.entry)} of ${describeObject(idOf(config.release.object))} is managed by the chart: ${hint}.`,
              location: config.document.locate(pair.key as Node),
              fix: 'Remove it here; set it through the chart values, if at all.',
            });
          }
        }
      },
    };
  },
};

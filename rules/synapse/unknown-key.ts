import type { Rule } from '../../src/engine/rule.js';
import { configDocuments, configFindings } from '../shared/embedded-config.js';

/** Keys people write for MatrixRTC that Synapse does not have; the chart configures MatrixRTC itself. */
const MATRIX_RTC_MYTHS = new Set(['matrix_rtc_enabled', 'matrix_rtc_uri']);

export const unknownKey: Rule = {
  meta: {
    id: 'synapse/unknown-key',
    severity: 'error',
    deployment: true,
    description: 'A Synapse configuration in synapse.additional has a key Synapse does not know.',
    docs: {
      rationale: 'Synapse ignores unknown keys without a word, so a misspelt or invented option silently does nothing.',
      bad: 'synapse:\n  additional:\n    00-rtc:\n      config: |\n        matrix_rtc_enabled: true\n        url_preview_enabeld: true',
      good: 'synapse:\n  additional:\n    00-previews:\n      config: |\n        url_preview_enabled: true',
    },
  },
  create(context) {
    return {
      repository() {
        for (const config of configDocuments(context.repository.flux, 'synapse')) {
          for (const { problem, finding } of configFindings(config, 'synapse')) {
            if (problem.kind !== 'unknown') continue;
            if (problem.path.length === 0 && MATRIX_RTC_MYTHS.has(problem.key)) {
              const rtc = config.release.values.enabled(['matrixRTC']);
              finding.message = `"${problem.key}" is not a Synapse option ${config.subject.where}: Synapse ignores it.`;
              finding.fix = rtc
                ? 'Remove it: with matrixRTC.enabled the chart itself configures matrix_rtc.transports and the experimental_features MatrixRTC needs.'
                : 'Remove it and enable matrixRTC in the chart values instead: the chart then configures matrix_rtc.transports and the experimental_features MatrixRTC needs.';
            }
            context.report(finding);
          }
        }
      },
    };
  },
};

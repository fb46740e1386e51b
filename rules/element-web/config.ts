import type { Node } from 'yaml';
import type { Rule, RuleContext } from '../../src/engine/rule.js';
import { additionalEntries, type AdditionalEntry } from '../../src/model/ess/additional.js';
import { essReleases, type EssRelease } from '../../src/model/ess/release.js';
import { describeObject, idOf } from '../../src/model/kustomize/object.js';
import { ELEMENT_WEB_DEPRECATED_KEYS } from '../../src/schemas/definitions/element-web.js';
import { keyName, pairsOf } from '../../src/yaml/nodes.js';
import { configDocuments, configFindings, entryPath } from '../shared/embedded-config.js';
import { jsonObjectProblem } from '../shared/json-text.js';
import { isRtcDiscoveryKey } from '../shared/rtc-keys.js';

export const config: Rule = {
  meta: {
    id: 'element-web/config',
    severity: 'error',
    deployment: true,
    description:
      'An Element Web config.json in elementWeb.additional is not valid JSON (error), or has keys Element Web does not read or deprecated camelCase spellings (warning).',
    docs: {
      rationale:
        'The chart fails to render invalid JSON. Element Web does not validate its config: an unknown key is silently ignored, and camelCase spellings still work only until their announced removal.',
      bad: 'elementWeb:\n  additional:\n    config.json: |\n      {\n        "brand": "Example",\n        "defaultCountryCode": "DE",\n        "show_lab_settings": true,\n      }',
      good: 'elementWeb:\n  additional:\n    config.json: |\n      {\n        "brand": "Example",\n        "default_country_code": "DE",\n        "show_labs_settings": true\n      }',
    },
  },
  create(context) {
    return {
      repository() {
        const model = context.repository.flux;
        for (const release of essReleases(model)) {
          for (const entry of additionalEntries(release.values, 'elementWeb')) checkJson(context, release, entry);
        }
        for (const document of configDocuments(model, 'elementWeb')) {
          const where = `in ${entryPath('elementWeb', document.entry)} of ${describeObject(idOf(document.release.object))}`;
          for (const pair of pairsOf(document.document.contents, document.document.doc)) {
            const key = keyName(pair);
            const current = key === null ? undefined : ELEMENT_WEB_DEPRECATED_KEYS[key];
            if (!current) continue;
            context.report({
              severity: 'warning',
              message: `"${key}" ${where} is a deprecated spelling of "${current}"; Element Web announces it will stop reading it.`,
              location: document.document.locate(pair.key as Node),
              fix: `Rename it to "${current}".`,
            });
          }
          for (const { problem, finding } of configFindings(document, 'element-web')) {
            if (problem.kind !== 'unknown') continue;
            if (isRtcDiscoveryKey(problem.path, problem.key) || (problem.path.length === 0 && ELEMENT_WEB_DEPRECATED_KEYS[problem.key])) continue;
            context.report({ ...finding, severity: 'warning' });
          }
        }
      },
    };
  },
};

/** Element Web's additional config must be a JSON object: the chart parses it with fromJson. */
function checkJson(context: RuleContext, release: EssRelease, entry: AdditionalEntry): void {
  if (!entry.text) return;
  const found = jsonObjectProblem(context.repository.flux.origins, entry.text, release.object.document.locate(release.object.anchor));
  if (!found) return;
  context.report({
    severity: 'error',
    message: `${entryPath('elementWeb', entry)} of ${describeObject(idOf(release.object))} ${found.problem}. The chart fails to render Element Web's config.`,
    location: found.location,
    fix: 'Correct the JSON here (a trailing comma, a missing comma or quote are the usual causes).',
  });
}

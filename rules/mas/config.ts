import type { Rule } from '../../src/engine/rule.js';
import { essReleases } from '../../src/model/ess/release.js';
import { valueAt } from '../../src/schemas/problems.js';
import { configFindings } from '../shared/embedded-config.js';
import { mergedConfig } from '../shared/merged-config.js';

/** Keys people borrow from Synapse or invent for MAS, with MAS's own way. */
const NOT_MAS: Record<string, string> = {
  upstream_oauth2_config: 'Upstream identity providers go in upstream_oauth2.providers[] (each with id, issuer, client_id, and claims_imports to map user attributes).',
  user_mapping_provider: 'That is a Synapse oidc_providers setting; in MAS, map user attributes with claims_imports on each upstream_oauth2.providers[] entry.',
  access: 'MAS has no access section; who may register and sign in is set in account, passwords and upstream_oauth2.providers[].',
};

export const config: Rule = {
  meta: {
    id: 'mas/config',
    severity: 'error',
    deployment: true,
    description: "A Matrix Authentication Service configuration in matrixAuthenticationService.additional does not fit MAS's configuration: unknown keys, wrong types, missing required fields, a provider id that is not a ULID.",
    docs: {
      rationale: 'MAS ignores unknown keys without a word, and refuses to start on a wrong type or a missing required field, which the chart only finds out in the running pod.',
      bad: 'matrixAuthenticationService:\n  additional:\n    00-sso:\n      config: |\n        upstream_oauth2_config:\n          issuer: https://sso.example.com',
      good: 'matrixAuthenticationService:\n  additional:\n    00-sso:\n      config: |\n        upstream_oauth2:\n          providers:\n            - id: 01JSHPZHAXC50QBKH67MH33TNF\n              issuer: https://sso.example.com\n              client_id: mas\n              token_endpoint_auth_method: none',
    },
  },
  create(context) {
    return {
      repository() {
        const model = context.repository.flux;
        for (const release of essReleases(model)) {
          const merged = mergedConfig(model, release, 'mas');
          for (const document of merged.documents) {
            for (const { problem, finding } of configFindings(document, 'mas')) {
              // Another document (or a Secret) may supply a field this one lacks: MAS reads them merged.
              if (problem.kind === 'missing' && (merged.incomplete || valueAt(merged.value, [...problem.path, problem.field]) !== undefined)) continue;
              if (problem.kind === 'unknown' && problem.path.length === 0 && NOT_MAS[problem.key]) {
                context.report({ ...finding, message: `"${problem.key}" is not a MAS option ${document.subject.where}: MAS ignores it.`, fix: NOT_MAS[problem.key] });
                continue;
              }
              context.report(finding);
            }
          }
        }
      },
    };
  },
};

import type { Node } from 'yaml';
import type { Rule } from '../../src/engine/rule.js';
import { describeObject, idOf } from '../../src/model/kustomize/object.js';
import { nodeAt } from '../../src/yaml/nodes.js';
import { valueAt } from '../../src/schemas/problems.js';
import { masConfigs } from '../shared/merged-config.js';

export const loginLockout: Rule = {
  meta: {
    id: 'mas/login-lockout',
    severity: 'error',
    deployment: true,
    description: 'MAS has password login disabled and no upstream OAuth2 provider: nobody can sign in.',
    docs: {
      rationale: 'With passwords.enabled: false, MAS offers only upstream providers for sign-in; without any, every user, the admins included, is locked out.',
      bad: 'matrixAuthenticationService:\n  additional:\n    00-auth:\n      config: |\n        passwords:\n          enabled: false',
      good: 'matrixAuthenticationService:\n  additional:\n    00-auth:\n      config: |\n        passwords:\n          enabled: false\n        upstream_oauth2:\n          providers:\n            - id: 01JSHPZHAXC50QBKH67MH33TNF\n              issuer: https://sso.example.com\n              client_id: mas\n              token_endpoint_auth_method: none',
    },
  },
  create(context) {
    return {
      repository() {
        const model = context.repository.flux;
        for (const { release, mas: merged } of masConfigs(model)) {
          if (valueAt(merged.value, ['passwords', 'enabled']) !== false) continue;
          const providers = valueAt(merged.value, ['upstream_oauth2', 'providers']);
          if (Array.isArray(providers) && providers.length > 0) continue;
          // The last document that disables passwords is the one that decides.
          const document = [...merged.documents].reverse().find((d) => valueAt(d.document.toJS(), ['passwords', 'enabled']) === false)!;
          const location = document.document.locate(nodeAt(document.document.contents, ['passwords', 'enabled'], document.document.doc) as Node);
          const name = describeObject(idOf(release.object));
          if (merged.incomplete) {
            context.report({
              severity: 'info',
              message: `Could not check whether MAS of ${name} has an upstream OAuth2 provider besides disabled passwords: ${merged.incomplete}.`,
              location,
            });
            continue;
          }
          context.report({
            message: `MAS of ${name} has password login disabled (passwords.enabled: false) and no upstream_oauth2 provider: nobody can sign in.`,
            location,
            fix: 'Add an upstream_oauth2.providers entry, or enable passwords.',
          });
        }
      },
    };
  },
};

import type { Node } from 'yaml';
import type { Rule } from '../../src/engine/rule.js';
import { describeObject, idOf } from '../../src/model/kustomize/object.js';
import { nodeAt } from '../../src/yaml/nodes.js';
import { valueAt } from '../../src/schemas/problems.js';
import { masConfigs, mergedConfig } from '../shared/merged-config.js';

export const openRegistration: Rule = {
  meta: {
    id: 'mas/open-registration',
    severity: 'warning',
    deployment: true,
    description: 'MAS lets anyone register with a password, without a verified email address or a registration token, on a federating server.',
    docs: {
      rationale: 'Open, unverified sign-up on a federating homeserver is how spam accounts get onto the Matrix network; other servers then block yours.',
      bad: 'matrixAuthenticationService:\n  additional:\n    00-account:\n      config: |\n        account:\n          password_registration_enabled: true\n          password_registration_email_required: false',
      good: 'matrixAuthenticationService:\n  additional:\n    00-account:\n      config: |\n        account:\n          password_registration_enabled: true\n          password_registration_email_required: false\n          registration_token_required: true',
    },
  },
  create(context) {
    return {
      repository() {
        const model = context.repository.flux;
        for (const { release, mas } of masConfigs(model)) {
          const synapse = mergedConfig(model, release, 'synapse');
          // Only a complete picture: a Secret could require a token or turn registration off.
          if (mas.incomplete || synapse.incomplete) continue;
          const account = (key: string) => valueAt(mas.value, ['account', key]);
          if (account('password_registration_enabled') !== true || account('password_registration_email_required') !== false) continue;
          if (account('registration_token_required') === true || account('password_registration_token_required') === true) continue;
          if (valueAt(mas.value, ['passwords', 'enabled']) === false) continue;
          const whitelist = valueAt(synapse.value, ['federation_domain_whitelist']);
          if (Array.isArray(whitelist)) continue; // federation limited to listed servers (none when empty)
          const document = [...mas.documents].reverse().find((d) => valueAt(d.document.toJS(), ['account', 'password_registration_enabled']) === true)!;
          context.report({
            message: `MAS of ${describeObject(idOf(release.object))} lets anyone register with a password, with no verified email and no registration token, on a federating server.`,
            location: document.document.locate(nodeAt(document.document.contents, ['account', 'password_registration_enabled'], document.document.doc) as Node),
            fix: 'Set account.registration_token_required: true (and hand out tokens), or require an email address (password_registration_email_required: true).',
          });
        }
      },
    };
  },
};

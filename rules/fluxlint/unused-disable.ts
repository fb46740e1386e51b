import type { Rule } from '../../src/engine/rule.js';

/**
 * Suppression comments are matched against findings by the engine after every rule
 * has run, so this rule has no hooks of its own: the engine reports under its id,
 * and configuration can change its severity or turn it off like any other rule.
 */
export const unusedDisable: Rule = {
  meta: {
    id: 'fluxlint/unused-disable',
    severity: 'warning',
    description: 'A fluxlint-disable comment silences nothing, or names a rule that does not exist.',
    docs: {
      rationale: 'A stale suppression hides the next real finding on that line; a misspelt rule id never worked.',
      bad: '# fluxlint-disable-next-line sops/unencrypted-secrets\nkind: ConfigMap',
      good: 'kind: ConfigMap',
      suppression: 'A disable comment cannot silence this rule: it reports the disable comments themselves. Correct or remove the comment, or set the rule\'s severity in the configuration.',
    },
  },
  create() {
    return {};
  },
};

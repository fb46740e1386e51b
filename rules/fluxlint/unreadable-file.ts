import type { Rule } from '../../src/engine/rule.js';

export const unreadableFile: Rule = {
  meta: {
    id: 'fluxlint/unreadable-file',
    severity: 'warning',
    description: 'A YAML file could not be linted: binary, not UTF-8, unreadable, or a symbolic link out of the repository.',
    docs: {
      rationale: 'A file that fluxlint cannot read is not checked; Flux may still apply it. Saying so keeps a clean run honest.',
      bad: '# clusters/prod/values.yaml saved as UTF-16 by an editor',
      good: '# clusters/prod/values.yaml saved as UTF-8',
      suppression: 'fluxlint cannot read the file, so a disable comment in it is never seen. Exclude the file with `ignore` in the configuration, or turn the rule off for it with `overrides`.',
    },
  },
  create(context) {
    return {
      repository() {
        for (const skipped of context.repository.skipped) {
          context.report({
            message: `Not linted: ${skipped.reason}.`,
            location: { file: skipped.path, line: 1, column: 1, endLine: 1, endColumn: 1 },
          });
        }
      },
    };
  },
};

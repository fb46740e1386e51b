import type { Rule } from '../../src/engine/rule.js';

export const duplicateKey: Rule = {
  meta: {
    id: 'yaml/duplicate-key',
    severity: 'error',
    description: 'A mapping has the same key twice.',
    docs: {
      rationale: 'YAML forbids duplicate keys; kustomize rejects them and other tools silently keep one of the values, so what is applied depends on the tool.',
      bad: 'spec:\n  interval: 1h\n  interval: 10m',
      good: 'spec:\n  interval: 10m',
    },
  },
  create(context) {
    return {
      file(file) {
        for (const problem of file.problems) {
          if (problem.kind !== 'duplicate-key') continue;
          context.report({ message: problem.message, location: problem.location, related: problem.related, fix: problem.fix });
        }
      },
    };
  },
};

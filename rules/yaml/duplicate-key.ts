import type { Rule } from '../../src/engine/rule.js';
import { reportParseProblems } from './parse-problems.js';

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
  create: reportParseProblems('duplicate-key'),
};

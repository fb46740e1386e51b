import type { Rule } from '../../src/engine/rule.js';
import { reportParseProblems } from './parse-problems.js';

export const syntax: Rule = {
  meta: {
    id: 'yaml/syntax',
    severity: 'error',
    description: 'The file is not valid YAML, or uses an alias before its anchor or inside the value it anchors.',
    docs: {
      rationale: 'Flux cannot apply a file it cannot parse; everything after the error is lost. fluxlint still lints the other documents and files.',
      bad: 'metadata:\n  name: app\n   namespace: apps   # indented deeper than its sibling',
      good: 'metadata:\n  name: app\n  namespace: apps',
    },
  },
  create: reportParseProblems('syntax'),
};

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
      suppression:
        'A comment above the broken line is parsed too and can move where the parser reports the error, so silence the rule for the whole file: `# fluxlint-disable-file yaml/syntax`. A file that is not YAML by design (a template) is better excluded with `ignore` in the configuration.',
    },
  },
  create: reportParseProblems('syntax'),
};

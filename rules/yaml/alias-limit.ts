import type { Rule } from '../../src/engine/rule.js';
import { reportParseProblems } from './parse-problems.js';

export const aliasLimit: Rule = {
  meta: {
    id: 'yaml/alias-limit',
    severity: 'error',
    description: 'A document expands to more than 100,000 nodes through aliases (an "alias bomb").',
    docs: {
      rationale:
        'Nested aliases multiply: ten levels of ten aliases stand for ten billion values. kustomize refuses such "excessive aliasing", and fluxlint measures the expansion without doing it, reports the alias that passes the limit and lints the rest of the repository without that document.',
      bad: 'a: &a ["lol", "lol", "lol"]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\n# ... and so on, ten levels deep',
      good: 'a: &a ["lol", "lol", "lol"]\nb: [*a, *a, *a]',
    },
  },
  create: reportParseProblems('alias-limit'),
};

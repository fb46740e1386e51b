import type { RuleContext, RuleVisitor } from '../../src/engine/rule.js';
import type { ParseProblem } from '../../src/yaml/file.js';

/** The hooks of a rule that reports the parser's problems of one kind. */
export function reportParseProblems(kind: ParseProblem['kind']): (context: RuleContext) => RuleVisitor {
  return (context) => ({
    file(file) {
      for (const problem of file.problems) {
        if (problem.kind !== kind) continue;
        context.report({ message: problem.message, location: problem.location, related: problem.related, fix: problem.fix });
      }
    },
  });
}

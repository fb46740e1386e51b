import type { RuleContext, RuleVisitor } from '../../src/engine/rule.js';
import type { BuildProblem } from '../../src/model/kustomize/problems.js';

/**
 * The hooks of a rule that reports the build problems of some kinds. A directory
 * built twice (as a root and through a Flux Kustomization) meets its problems
 * twice; each is reported once.
 */
export function reportBuildProblems(kinds: BuildProblem['kind'][]): (context: RuleContext) => RuleVisitor {
  return (context) => ({
    repository() {
      const flux = context.repository.flux;
      const problems = [...flux.builds.flatMap((b) => b.problems), ...flux.kustomizations.flatMap((k) => k.problems)];
      const seen = new Set<string>();
      for (const problem of problems) {
        if (!kinds.includes(problem.kind)) continue;
        const key = `${problem.location.file}:${problem.location.line}:${problem.location.column}:${problem.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        context.report({ message: problem.message, location: problem.location });
      }
    },
  });
}

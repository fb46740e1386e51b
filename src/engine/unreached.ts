import type { Diagnostic } from '../diagnostic.js';
import type { Repository } from '../model/repository.js';
import type { Config } from './config.js';

export const UNREACHED = 'flux/unreached';

/**
 * Findings of deployment rules in files no Flux entry point reaches (an archive, a
 * template tree, Go testdata) are not reported one by one: each such tree gets one
 * note saying how many there are, at the first of them. A repository without entry
 * points, or `lintUnreached: true`, reports everything.
 */
export function summarizeUnreached(repository: Repository, diagnostics: Diagnostic[], deploymentRules: ReadonlySet<string>, config: Config): Diagnostic[] {
  if (config.lintUnreached || !diagnostics.some((d) => deploymentRules.has(d.ruleId))) return diagnostics;
  const flux = repository.flux;
  if (!flux.entries.length) return diagnostics;
  const kept: Diagnostic[] = [];
  const hidden = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const file = diagnostic.location.file;
    if (!deploymentRules.has(diagnostic.ruleId) || flux.isDeployed(file)) {
      kept.push(diagnostic);
      continue;
    }
    const tree = flux.unreachedTreeOf(file);
    hidden.set(tree, [...(hidden.get(tree) ?? []), diagnostic]);
  }
  const clusters = flux.entries.map((e) => e.name).join(', ');
  for (const [tree, found] of hidden) {
    const first = [...found].sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column)[0]!;
    const severity = config.severity(UNREACHED, first.location.file, 'info');
    if (severity === null) continue;
    const rules = [...new Set(found.map((d) => d.ruleId))].sort().join(', ');
    const count = found.length === 1 ? '1 finding' : `${found.length} findings`;
    const verb = found.length === 1 ? 'is' : 'are';
    kept.push({
      ruleId: UNREACHED,
      severity,
      message: `No Flux entry point (${clusters}) reaches ${tree}, so Flux does not apply it; ${count} of deployment rules there (${rules}) ${verb} not reported.`,
      location: first.location,
      related: [],
      fix: 'Delete the tree if it is dead, include it from a Kustomization an entry point reaches, or set `lintUnreached: true` in .fluxlint.yaml to lint it fully.',
    });
  }
  return kept;
}

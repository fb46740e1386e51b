import { compareDiagnostics, type Diagnostic } from '../diagnostic.js';
import type { Repository } from '../model/repository.js';
import { closest } from '../suggest.js';
import type { Config } from './config.js';
import type { Finding, Rule, RuleVisitor } from './rule.js';
import { maskSecretValues } from './secret-values.js';
import { findSuppressions, suppresses, type Suppression } from './suppressions.js';
import { summarizeUnreached } from './unreached.js';

export const UNUSED_DISABLE = 'fluxlint/unused-disable';

/** A rule that threw: a bug in fluxlint, reported with the file it was looking at. */
export interface InternalError {
  ruleId: string;
  file: string | null;
  error: unknown;
}

export interface RunResult {
  diagnostics: Diagnostic[];
  internalErrors: InternalError[];
}

/**
 * Runs the rules over the repository: one walk over files, documents and objects,
 * calling each rule's hooks, then the cross-file hooks. Applies configured
 * severities and suppression comments. A rule that throws is recorded and the
 * others go on.
 */
export function runRules(repository: Repository, rules: readonly Rule[], config: Config): RunResult {
  const raw: Diagnostic[] = [];
  const internalErrors: InternalError[] = [];
  const active: { rule: Rule; visitor: RuleVisitor }[] = [];

  const ess = config.ess(repository.root);
  for (const rule of rules) {
    if (!config.mayRun(rule.meta.id)) continue;
    const report = (finding: Finding) => {
      raw.push({
        ruleId: rule.meta.id,
        severity: finding.severity ?? rule.meta.severity,
        message: finding.message,
        location: finding.location,
        related: finding.related ?? [],
        ...(finding.fix ? { fix: finding.fix } : {}),
      });
    };
    const visitor = guard(rule, null, internalErrors, () => rule.create({ repository, report, external: (kind, namespace, name) => config.isExternal(kind, namespace, name), ess }));
    if (visitor) active.push({ rule, visitor });
  }

  for (const file of repository.files) {
    const path = file.source.path;
    for (const { rule, visitor } of active) {
      if (visitor.file) guard(rule, path, internalErrors, () => visitor.file!(file));
      for (const document of file.documents) {
        if (visitor.document) guard(rule, path, internalErrors, () => visitor.document!(document, file));
      }
    }
  }
  for (const resource of repository.resources) {
    for (const { rule, visitor } of active) {
      if (visitor.resource) guard(rule, resource.document.source.path, internalErrors, () => visitor.resource!(resource));
    }
  }
  for (const { rule, visitor } of active) {
    if (visitor.repository) guard(rule, null, internalErrors, () => visitor.repository!());
  }

  // Suppressions are matched before unreached findings are summarized, so a comment silencing one is used.
  const configured = applyConfigAndSuppressions(repository, raw, config, new Set(rules.map((r) => r.meta.id)));
  const diagnostics = summarizeUnreached(repository, configured, new Set(rules.filter((r) => r.meta.deployment).map((r) => r.meta.id)), config);
  return { diagnostics: maskSecretValues(diagnostics, repository.secretValues()).sort(compareDiagnostics), internalErrors };
}

function guard<T>(rule: Rule, file: string | null, errors: InternalError[], run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    errors.push({ ruleId: rule.meta.id, file, error });
    return undefined;
  }
}

function applyConfigAndSuppressions(repository: Repository, raw: Diagnostic[], config: Config, knownIds: Set<string>): Diagnostic[] {
  const suppressionsByFile = new Map<string, Suppression[]>();
  for (const file of repository.files) {
    const found = findSuppressions(file);
    if (found.length) suppressionsByFile.set(file.source.path, found);
  }

  const kept: Diagnostic[] = [];
  for (const diagnostic of raw) {
    const severity = config.severity(diagnostic.ruleId, diagnostic.location.file, diagnostic.severity);
    if (severity === null) continue;
    const suppressions = suppressionsByFile.get(diagnostic.location.file) ?? [];
    // Every matching suppression is marked used, so none is reported as unused by accident.
    const silenced = suppressions.filter((s) => suppresses(s, diagnostic)).length > 0;
    if (!silenced) kept.push({ ...diagnostic, severity });
  }

  for (const [file, suppressions] of suppressionsByFile) {
    const severity = config.severity(UNUSED_DISABLE, file, 'warning');
    if (severity === null) continue;
    for (const suppression of suppressions) {
      for (const message of unusedParts(suppression, knownIds, config, file)) {
        kept.push({ ruleId: UNUSED_DISABLE, severity, message, location: suppression.location, related: [], fix: 'Remove the comment, or the rule ids it no longer needs.' });
      }
    }
  }
  return kept;
}

function unusedParts(suppression: Suppression, knownIds: Set<string>, config: Config, file: string): string[] {
  const where = suppression.scope === 'file' ? 'in this file' : `on line ${suppression.line + 1}`;
  if (suppression.ruleIds.length === 0) {
    return suppression.used.has('*') ? [] : [`Unused fluxlint-disable-${suppression.scope}: no finding ${where} to silence.`];
  }
  const messages: string[] = [];
  for (const id of suppression.ruleIds) {
    if (!knownIds.has(id)) {
      const suggestion = closest(id, [...knownIds]);
      messages.push(`Unknown rule "${id}" in fluxlint-disable-${suppression.scope}${suggestion ? `; did you mean "${suggestion}"?` : '.'}`);
    }
    else if (!suppression.used.has(id) && config.severity(id, file, 'error') !== null) {
      messages.push(`Unused fluxlint-disable-${suppression.scope} for ${id}: no such finding ${where}.`);
    }
  }
  return messages;
}

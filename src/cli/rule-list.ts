import type { RuleMeta } from '../engine/rule.js';

/** `fluxlint rules`: every rule with its default severity and what it finds. */
export function listRules(rules: readonly RuleMeta[], format: 'text' | 'json'): string {
  if (format === 'json') {
    return `${JSON.stringify(rules.map((r) => ({ id: r.id, severity: r.severity, description: r.description })), null, 2)}\n`;
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  const severityWidth = 'warning'.length;
  return rules.map((r) => `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(severityWidth)}  ${r.description}\n`).join('');
}

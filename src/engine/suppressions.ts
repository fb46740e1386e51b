import type { Diagnostic, Location } from '../diagnostic.js';
import type { SourceText } from '../yaml/source.js';

/** A `# fluxlint-disable-next-line` or `# fluxlint-disable-file` comment. */
export interface Suppression {
  scope: 'next-line' | 'file';
  /** Rule ids it names; empty means every rule. */
  ruleIds: string[];
  /** Line of the comment (1-based). */
  line: number;
  location: Location;
  /** Rule ids (or '*') that silenced at least one finding. */
  used: Set<string>;
}

const DIRECTIVE = /(^|\s)#\s*fluxlint-disable-(next-line|file)\b([^\r\n]*)/;

/** The suppression comments of a file. */
export function findSuppressions(source: SourceText): Suppression[] {
  const found: Suppression[] = [];
  if (!source.text.includes('fluxlint-disable')) return found;
  for (let line = 1; line <= source.lineCount; line++) {
    const text = source.lineText(line);
    const match = DIRECTIVE.exec(text);
    if (!match) continue;
    const start = match.index + match[1]!.length;
    const [list] = match[3]!.split(/\s--\s|\s--$/);
    const ruleIds = (list ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id.length > 0);
    const offset = source.lineStarts[line - 1]!;
    found.push({
      scope: match[2] as Suppression['scope'],
      ruleIds,
      line,
      location: source.location(offset + start, offset + text.trimEnd().length),
      used: new Set(),
    });
  }
  return found;
}

/** True when a suppression silences the diagnostic; marks the suppression used. */
export function suppresses(suppression: Suppression, diagnostic: Diagnostic): boolean {
  if (suppression.location.file !== diagnostic.location.file) return false;
  if (suppression.scope === 'next-line' && diagnostic.location.line !== suppression.line + 1) return false;
  if (suppression.ruleIds.length === 0) {
    suppression.used.add('*');
    return true;
  }
  if (!suppression.ruleIds.includes(diagnostic.ruleId)) return false;
  suppression.used.add(diagnostic.ruleId);
  return true;
}

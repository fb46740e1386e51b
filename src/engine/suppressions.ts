import type { Diagnostic, Location } from '../diagnostic.js';
import { visit } from 'yaml';
import type { YamlFile } from '../yaml/file.js';

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

/**
 * The suppression comments of a file. Only real comments count: text that looks
 * like a directive inside a string value (a block scalar, a quoted string) is data,
 * and must not silence findings about that very value.
 */
export function findSuppressions(file: YamlFile): Suppression[] {
  const found: Suppression[] = [];
  const source = file.source;
  if (!source.text.includes('fluxlint-disable')) return found;
  const scalars = scalarRanges(file);
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
    if (scalars.some(([from, to]) => offset + start >= from && offset + start < to)) continue;
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

/** File ranges of every scalar value of a file's documents. */
function scalarRanges(file: YamlFile): [number, number][] {
  const ranges: [number, number][] = [];
  for (const document of file.documents) {
    visit(document.doc, {
      Scalar(_key, node) {
        if (node.range) ranges.push(document.fileRange(node.range[0], node.range[1]));
      },
    });
  }
  return ranges;
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

import type { Location } from '../diagnostic.js';
import type { SourceText } from '../yaml/source.js';

const MAX_WIDTH = 140;
const MASK = '*';

/**
 * The lines around a location, with secret characters masked and a caret line under
 * the primary line. Plain text; the stylish reporter colours it.
 */
export function codeFrame(source: SourceText, location: Location, context = 1): { gutter: string; text: string; marked: boolean; caret?: string }[] {
  const first = Math.max(1, location.line - context);
  const lastHighlighted = Math.min(location.endLine, location.line + 4);
  const last = Math.min(source.lineCount, lastHighlighted + (location.endLine === location.line ? context : 0));
  const width = String(last).length;
  const rows: { gutter: string; text: string; marked: boolean; caret?: string }[] = [];
  for (let line = first; line <= last; line++) {
    const text = truncate(maskedLine(source, line));
    const marked = line >= location.line && line <= lastHighlighted;
    const row: { gutter: string; text: string; marked: boolean; caret?: string } = { gutter: String(line).padStart(width), text, marked };
    if (line === location.line) {
      const start = location.column - 1;
      const end = location.endLine === location.line ? Math.max(location.endColumn - 1, start + 1) : text.length;
      const visibleEnd = Math.min(Math.max(end, start + 1), Math.max(text.length, start + 1));
      row.caret = ' '.repeat(Math.min(start, MAX_WIDTH)) + '^'.repeat(Math.max(1, Math.min(visibleEnd, MAX_WIDTH) - Math.min(start, MAX_WIDTH)));
    }
    rows.push(row);
  }
  return rows;
}

/** A line of the file with every secret character replaced. */
export function maskedLine(source: SourceText, line: number): string {
  const text = source.lineText(line);
  const lineStart = source.lineStarts[line - 1] ?? 0;
  const lineEnd = lineStart + text.length;
  let chars: string[] | null = null;
  for (const [start, end] of source.secretRanges) {
    if (end <= lineStart || start >= lineEnd) continue;
    chars ??= text.split('');
    const from = Math.max(start, lineStart) - lineStart;
    const to = Math.min(end, lineEnd) - lineStart;
    for (let i = from; i < to; i++) if (chars[i] !== ' ' || i >= firstNonSpace(text)) chars[i] = MASK;
  }
  return chars ? chars.join('') : text;
}

function firstNonSpace(text: string): number {
  const match = /\S/.exec(text);
  return match ? match.index : text.length;
}

function truncate(text: string): string {
  const expanded = text.replace(/\t/g, ' ');
  return expanded.length > MAX_WIDTH ? `${expanded.slice(0, MAX_WIDTH - 1)}…` : expanded;
}

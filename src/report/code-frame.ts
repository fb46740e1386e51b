import type { Location } from '../diagnostic.js';
import { SECRET_MASK } from '../model/secrets.js';
import type { SourceText } from '../yaml/source.js';
import { visible } from './visible.js';

const MAX_WIDTH = 140;

export interface FrameRow {
  gutter: string;
  text: string;
  marked: boolean;
  caret?: string;
}

/**
 * The lines around a location, with secret values masked, control characters made
 * visible and a caret line under the primary line. Plain text; the stylish reporter
 * colours it.
 */
export function codeFrame(source: SourceText, location: Location, context = 1): FrameRow[] {
  const first = Math.max(1, location.line - context);
  const lastHighlighted = Math.min(location.endLine, location.line + 4);
  const last = Math.min(source.lineCount, lastHighlighted + (location.endLine === location.line ? context : 0));
  const width = String(last).length;
  const rows: FrameRow[] = [];
  for (let line = first; line <= last; line++) {
    const masked = maskedLine(source, line);
    const text = truncate(masked.text);
    const marked = line >= location.line && line <= lastHighlighted;
    const row: FrameRow = { gutter: String(line).padStart(width), text, marked };
    if (line === location.line) {
      const written = source.lineText(line).length;
      const end = location.endLine === location.line ? Math.max(location.endColumn - 1, location.column) : written;
      const [start, shownEnd] = masked.span(location.column - 1, end);
      const visibleEnd = Math.min(Math.max(shownEnd, start + 1), Math.max(text.length, start + 1));
      row.caret = ' '.repeat(Math.min(start, MAX_WIDTH)) + '^'.repeat(Math.max(1, Math.min(visibleEnd, MAX_WIDTH) - Math.min(start, MAX_WIDTH)));
    }
    rows.push(row);
  }
  return rows;
}

/** A line as shown, and where a range of the written line is shown. */
export interface MaskedLine {
  text: string;
  /** The shown [start, end) of a written [start, end): a range touching a mask covers all of it. */
  span(start: number, end: number): [number, number];
}

/**
 * A line of the file with each run of secret characters replaced by one fixed-width
 * mask (the length of a secret is not shown either). Indentation inside a secret
 * that spans lines stays, so the frame keeps its shape.
 */
export function maskedLine(source: SourceText, line: number): MaskedLine {
  const text = source.lineText(line);
  const runs = secretRuns(source, line, text);
  let shown = '';
  let from = 0;
  const placed: { start: number; end: number; at: number }[] = [];
  for (const run of runs) {
    shown += text.slice(from, run.start);
    placed.push({ ...run, at: shown.length });
    shown += SECRET_MASK;
    from = run.end;
  }
  shown += text.slice(from);
  const position = (offset: number, isEnd: boolean): number => {
    let shift = 0;
    for (const run of placed) {
      if (isEnd ? offset <= run.start : offset < run.start) break;
      if (isEnd ? offset <= run.end : offset < run.end) return isEnd ? run.at + SECRET_MASK.length : run.at;
      shift += SECRET_MASK.length - (run.end - run.start);
    }
    return offset + shift;
  };
  // A tab is one column wide in a frame, like every other character.
  return { text: visible(shown.replace(/\t/g, ' ')), span: (start, end) => [position(start, false), position(Math.max(end, start), true)] };
}

/** The secret runs of a line as sorted, disjoint [start, end) indexes, leading indentation excluded. */
function secretRuns(source: SourceText, line: number, text: string): { start: number; end: number }[] {
  const lineStart = source.lineStarts[line - 1] ?? 0;
  const lineEnd = lineStart + text.length;
  const indentation = /^\s*/.exec(text)![0].length;
  const runs: { start: number; end: number }[] = [];
  for (const [start, end] of source.secretRanges) {
    if (end <= lineStart || start >= lineEnd) continue;
    const run = { start: Math.max(start - lineStart, indentation), end: Math.min(end, lineEnd) - lineStart };
    if (run.end > run.start) runs.push(run);
  }
  runs.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const run of runs) {
    const previous = merged[merged.length - 1];
    if (previous && run.start <= previous.end) previous.end = Math.max(previous.end, run.end);
    else merged.push({ ...run });
  }
  return merged;
}

function truncate(text: string): string {
  return text.length > MAX_WIDTH ? `${text.slice(0, MAX_WIDTH - 1)}…` : text;
}

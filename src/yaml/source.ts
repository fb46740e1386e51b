import type { Location } from '../diagnostic.js';

/** A [start, end) range of UTF-16 offsets into a file's text. */
export type OffsetRange = readonly [start: number, end: number];

/**
 * The text of one file and the arithmetic from offsets to lines and columns.
 * Line breaks are counted as go-yaml (and so kustomize) reads them: `\n`, `\r\n` as
 * one, and a lone `\r` (old Mac line endings).
 */
export class SourceText {
  readonly lineStarts: number[];
  /** Ranges whose characters are secret (Secret data, ENC[…] payloads); reporters mask them. */
  readonly secretRanges: OffsetRange[] = [];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    this.lineStarts = lineStartsOf(text);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.lineStarts[lo]! + 1 };
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > start && this.text[end - 1] === '\r') end--;
    return this.text.slice(start, end);
  }

  /** Offset of the end of a line's content (before `\r\n` or `\n`). */
  private lineContentEnd(lineIndex: number): number {
    const next = this.lineStarts[lineIndex + 1];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > this.lineStarts[lineIndex]! && this.text[end - 1] === '\r') end--;
    return end;
  }

  /**
   * The location of [start, end). An end that falls at the start of a line (a block
   * scalar's range ends after its last line break) is moved back to the end of the
   * previous line, so a finding never appears to cover a line it does not touch.
   */
  location(start: number, end: number = start): Location {
    const from = this.position(start);
    let to = this.position(Math.max(start, end));
    if (end > start && to.column === 1 && to.line > from.line) {
      const prev = to.line - 2;
      to = { line: to.line - 1, column: this.lineContentEnd(prev) - this.lineStarts[prev]! + 1 };
    }
    return { file: this.path, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  markSecret(range: OffsetRange): void {
    if (range[1] > range[0]) this.secretRanges.push(range);
  }

  /** Whether [start, end) touches a secret character (an empty range: the character at start). */
  touchesSecret(start: number, end: number): boolean {
    const last = Math.max(end, start + 1);
    return this.secretRanges.some(([s, e]) => s < last && e > start);
  }
}

const LINE_BREAK = /\r\n?|\n/g;

/** Offsets where the lines of a text start, after each line break (see SourceText). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(LINE_BREAK)) starts.push(match.index + match[0].length);
  return starts;
}

/**
 * The text a parser should read: each lone `\r` becomes `\n`, which the `yaml` library
 * takes for a line break, as go-yaml does with both. Offsets do not change.
 */
export function withLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

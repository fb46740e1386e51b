import pc from 'picocolors';
import type { Diagnostic, Severity } from '../diagnostic.js';
import { codeFrame } from './code-frame.js';
import { summaryLine, type ReportInput } from './report.js';
import { visible } from './visible.js';

/**
 * The terminal format: findings grouped by file, each with its rule id, a code frame
 * of the offending lines (secrets masked), related locations and the fix hint.
 * Text from the repository shows its control characters visibly (see `visible`).
 */
export function stylish(input: ReportInput): string {
  const c = pc.createColors(input.color);
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const out: string[] = [];
  let currentFile: string | null = null;
  for (const diagnostic of input.diagnostics) {
    const { location } = diagnostic;
    if (location.file !== currentFile) {
      if (currentFile !== null) out.push('');
      currentFile = location.file;
      out.push(c.underline(visible(location.file)));
    }
    out.push(`  ${c.dim(`${location.line}:${location.column}`)}  ${paint[diagnostic.severity](diagnostic.severity)}  ${visible(diagnostic.message)}  ${c.dim(diagnostic.ruleId)}`);
    out.push(...frame(input, diagnostic, c));
    for (const related of diagnostic.related) {
      const where = related.location.file === location.file ? `${related.location.line}:${related.location.column}` : `${visible(related.location.file)}:${related.location.line}:${related.location.column}`;
      out.push(`      ${c.dim('=')} ${c.cyan(where)} ${visible(related.message)}`);
    }
    if (diagnostic.fix) out.push(`      ${c.dim('=')} ${c.green('fix:')} ${visible(diagnostic.fix)}`);
  }
  if (out.length) out.push('');
  const { summary } = input;
  const mark = summary.errors ? c.red('✖') : summary.warnings ? c.yellow('⚠') : c.green('✔');
  out.push(`${mark} ${summaryLine(summary)}`);
  return out.join('\n') + '\n';
}

function frame(input: ReportInput, diagnostic: Diagnostic, c: ReturnType<typeof pc.createColors>): string[] {
  const source = input.source(diagnostic.location.file);
  if (!source || diagnostic.location.line > source.lineCount) return [];
  const lines: string[] = [];
  for (const row of codeFrame(source, diagnostic.location)) {
    const pointer = row.marked ? c.red('>') : ' ';
    lines.push(`    ${pointer} ${c.dim(`${row.gutter} |`)} ${row.text}`);
    if (row.caret !== undefined) lines.push(`      ${' '.repeat(row.gutter.length)} ${c.dim('|')} ${c.red(row.caret)}`);
  }
  return lines;
}

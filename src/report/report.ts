import type { Diagnostic } from '../diagnostic.js';
import type { RuleMeta } from '../engine/rule.js';
import type { SourceText } from '../yaml/source.js';

export interface Summary {
  files: number;
  documents: number;
  errors: number;
  warnings: number;
  infos: number;
  durationMs: number;
}

/** Everything a reporter may render. Reporters are pure: data in, text out. */
export interface ReportInput {
  diagnostics: Diagnostic[];
  rules: readonly RuleMeta[];
  summary: Summary;
  tool: { name: string; version: string; informationUri: string };
  /** The text of a linted file, with its secret ranges marked, for code frames. */
  source(file: string): SourceText | undefined;
  color: boolean;
}

export function summarize(diagnostics: Diagnostic[], files: number, documents: number, durationMs: number): Summary {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else infos++;
  }
  return { files, documents, errors, warnings, infos, durationMs };
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One line for a terminal: "3 errors, 1 warning, 0 infos in 12 files (30 documents)". */
export function summaryLine(summary: Summary): string {
  const counts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')];
  if (summary.infos) counts.push(`${summary.infos} info`);
  return `${counts.join(', ')} in ${plural(summary.files, 'file')} (${plural(summary.documents, 'document')}, ${summary.durationMs} ms)`;
}

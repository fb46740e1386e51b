import type { ReportInput } from './report.js';
import { jsonText } from './visible.js';

/** The JSON format, version 1. Other tools parse it: keep its shape stable. */
export function json(input: ReportInput): string {
  const report = {
    version: 1,
    tool: { name: input.tool.name, version: input.tool.version },
    diagnostics: input.diagnostics.map((d) => ({
      ruleId: d.ruleId,
      severity: d.severity,
      message: d.message,
      file: d.location.file,
      line: d.location.line,
      column: d.location.column,
      endLine: d.location.endLine,
      endColumn: d.location.endColumn,
      related: d.related.map((r) => ({ file: r.location.file, line: r.location.line, column: r.location.column, message: r.message })),
      fix: d.fix ?? null,
    })),
    summary: {
      files: input.summary.files,
      documents: input.summary.documents,
      errors: input.summary.errors,
      warnings: input.summary.warnings,
      durationMs: input.summary.durationMs,
    },
  };
  return jsonText(report);
}

import type { Diagnostic, Severity } from '../diagnostic.js';
import { summaryLine, type ReportInput } from './report.js';
import { visible } from './visible.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Workflow commands that GitHub and Gitea Actions turn into annotations on the lines. */
export function github(input: ReportInput): string {
  const lines = input.diagnostics.map((d) => {
    const { location } = d;
    const properties = [
      `file=${escapeProperty(visible(location.file))}`,
      `line=${location.line}`,
      `col=${location.column}`,
      `endLine=${location.endLine}`,
      ...(location.endLine === location.line ? [`endColumn=${location.endColumn}`] : []),
      `title=${escapeProperty(d.ruleId)}`,
    ];
    return `::${COMMAND[d.severity]} ${properties.join(',')}::${escapeData(annotationMessage(d))}`;
  });
  lines.push(`fluxlint: ${summaryLine(input.summary)}`);
  return lines.join('\n') + '\n';
}

/** The text of a finding's annotation: its message, and the fix hint on a line of its own; control characters visible. */
export function annotationMessage(d: Diagnostic): string {
  return d.fix ? `${visible(d.message)}\nFix: ${visible(d.fix)}` : visible(d.message);
}

/** Escaping of a workflow command's message. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property values. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

import { SEVERITY_ORDER, type Diagnostic, type Severity } from '../diagnostic.js';
import { summaryLine, type Summary } from '../report/report.js';
import { ruleDocsUrl } from '../report/rule-docs.js';

/** Where a file's lines are on the forge: GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA. */
export interface BlobBase {
  serverUrl: string;
  repository: string;
  sha: string;
}

/** The rows of the findings table; a step summary may take 1 MiB, and the log has them all. */
export const SUMMARY_FINDINGS_LIMIT = 500;

/**
 * The job summary in Markdown: the counts, the counts per rule (linked to the rule's
 * documentation) and the findings, most important first, each linked to its line.
 * Every message and file name is escaped: they come from the linted repository.
 */
export function jobSummary(diagnostics: readonly Diagnostic[], summary: Summary, blob: BlobBase | undefined): string {
  const out = ['## fluxlint', '', escapeMarkdown(summaryLine(summary)), ''];
  if (!diagnostics.length) return [...out, 'No findings.', ''].join('\n');

  out.push('### Findings per rule', '', '| Rule | Errors | Warnings | Infos |', '| --- | ---: | ---: | ---: |');
  for (const [ruleId, counts] of countsPerRule(diagnostics)) {
    out.push(`| ${ruleLink(ruleId)} | ${counts.error} | ${counts.warning} | ${counts.info} |`);
  }

  out.push('', '### Findings', '', '| Severity | Location | Rule | Message |', '| --- | --- | --- | --- |');
  const ordered = [...diagnostics].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  for (const d of ordered.slice(0, SUMMARY_FINDINGS_LIMIT)) {
    const { file, line, column } = d.location;
    const where = escapeMarkdown(`${file}:${line}:${column}`);
    const location = blob ? `[${where}](${lineUrl(blob, file, line)})` : where;
    const message = d.fix ? `${d.message} Fix: ${d.fix}` : d.message;
    out.push(`| ${d.severity} | ${location} | ${ruleLink(d.ruleId)} | ${escapeMarkdown(message)} |`);
  }
  if (ordered.length > SUMMARY_FINDINGS_LIMIT) {
    out.push('', `${ordered.length - SUMMARY_FINDINGS_LIMIT} more findings are in the step log.`);
  }
  return [...out, ''].join('\n');
}

/** Rules with the most errors first, then the most warnings, then by id. */
function countsPerRule(diagnostics: readonly Diagnostic[]): [string, Record<Severity, number>][] {
  const perRule = new Map<string, Record<Severity, number>>();
  for (const d of diagnostics) {
    let counts = perRule.get(d.ruleId);
    if (!counts) perRule.set(d.ruleId, (counts = { error: 0, warning: 0, info: 0 }));
    counts[d.severity]++;
  }
  return [...perRule].sort(([idA, a], [idB, b]) => b.error - a.error || b.warning - a.warning || b.info - a.info || idA.localeCompare(idB));
}

function ruleLink(ruleId: string): string {
  return `[${escapeMarkdown(ruleId)}](${ruleDocsUrl(ruleId)})`;
}

/** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/blob/${GITHUB_SHA}/file#Lline`, the path encoded. */
export function lineUrl(blob: BlobBase, file: string, line: number): string {
  const encoded = file
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
  return `${blob.serverUrl}/${blob.repository}/blob/${blob.sha}/${encoded}#L${line}`;
}

/**
 * Text that Markdown (and the HTML it allows) shows as it is, on one line of a
 * table cell: HTML's special characters as entities, Markdown's with a backslash.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$]/g, '\\$&')
    .replace(/\r?\n|\r/g, ' ');
}

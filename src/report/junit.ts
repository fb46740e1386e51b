import type { Diagnostic } from '../diagnostic.js';
import type { ReportInput } from './report.js';
import { ruleDocsUrl } from './rule-docs.js';

/**
 * JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines).
 *
 * One testsuite per rule, the rule id as every testcase's classname: GitLab shows the
 * classname as the suite and Jenkins groups by it (splitting it at dots, which rule ids
 * never have but file paths do). Each error or warning is a failing testcase named by its
 * file:line:col; an info is a skipped testcase, visible without failing anything; a rule
 * without findings is one passing testcase, so a clean run shows every rule passed rather
 * than an empty report.
 */
export function junit(input: ReportInput): string {
  const byRule = new Map<string, Diagnostic[]>(input.rules.map((rule) => [rule.id, []]));
  for (const d of input.diagnostics) {
    const list = byRule.get(d.ruleId) ?? [];
    list.push(d);
    byRule.set(d.ruleId, list);
  }

  const suites: string[] = [];
  const total = { tests: 0, failures: 0, skipped: 0 };
  for (const [ruleId, diagnostics] of byRule) {
    const cases = diagnostics.length ? testcases(ruleId, diagnostics) : [`    <testcase classname="${attribute(ruleId)}" name="no findings"/>`];
    const failures = diagnostics.filter((d) => d.severity !== 'info').length;
    const skipped = diagnostics.length - failures;
    total.tests += cases.length;
    total.failures += failures;
    total.skipped += skipped;
    suites.push(
      `  <testsuite name="${attribute(ruleId)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
      ...cases,
      '  </testsuite>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attribute(input.tool.name)}" tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}" time="${input.summary.durationMs / 1000}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcases(ruleId: string, diagnostics: Diagnostic[]): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const position = `${d.location.file}:${d.location.line}:${d.location.column}`;
    // GitLab keeps only the first of testcases with the same name: two findings at one position get a number.
    const count = (seen.get(position) ?? 0) + 1;
    seen.set(position, count);
    const name = count === 1 ? position : `${position} (${count})`;
    const outcome = d.severity === 'info' ? 'skipped' : 'failure';
    const type = d.severity === 'info' ? '' : ` type="${d.severity}"`;
    return [
      `    <testcase classname="${attribute(ruleId)}" name="${attribute(name)}" file="${attribute(d.location.file)}">`,
      `      <${outcome} message="${attribute(`${position}: ${d.message}`)}"${type}>${text(details(d, position))}</${outcome}>`,
      '    </testcase>',
    ].join('\n');
  });
}

/** The body GitLab shows (it ignores the message attribute) and Jenkins shows as the stack trace. */
function details(d: Diagnostic, position: string): string {
  return [
    `${position}: ${d.severity}: ${d.message} (${d.ruleId})`,
    ...(d.fix ? [`Fix: ${d.fix}`] : []),
    ...d.related.map((r) => `Related: ${r.location.file}:${r.location.line}:${r.location.column}: ${r.message}`),
    `Rule: ${ruleDocsUrl(d.ruleId)}`,
  ].join('\n');
}

/**
 * Character data: what XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF)
 * becomes U+FFFD, and `>` is escaped too, so `]]>` never appears and no CDATA section is needed.
 */
function text(value: string): string {
  return value
    .replace(/[\0-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** An attribute value in double quotes; line breaks and tabs as references, which parsers would otherwise turn into spaces. */
function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

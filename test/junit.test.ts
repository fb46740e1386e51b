import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import type { Diagnostic, Severity } from '../src/diagnostic.js';
import { TOOL } from '../src/package-root.js';
import { junit } from '../src/report/junit.js';
import { summarize, type ReportInput } from '../src/report/report.js';
import { FIXTURES, lintDir } from './helpers.js';
import { parseXml, type XmlElement } from './xml.js';

const metas = RULES.map((r) => r.meta).filter((m) => ['yaml/duplicate-key', 'sops/unencrypted-secret', 'kustomize/remote-resource'].includes(m.id));
const DOCS = `${TOOL.informationUri}/blob/main/docs/rules`;

function diagnostic(ruleId: string, severity: Severity, file: string, line: number, column: number, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { ruleId, severity, message, location: { file, line, column, endLine: line, endColumn: column + 1 }, related: [], ...extra };
}

function inputOf(diagnostics: Diagnostic[]): ReportInput {
  return { diagnostics, rules: metas, summary: summarize(diagnostics, 3, 4, 1234), tool: TOOL, source: () => undefined, color: false };
}

const small = inputOf([
  diagnostic('yaml/duplicate-key', 'error', 'apps/a&b.yaml', 3, 1, 'Duplicate key "a" <x> & ]]> done\u0007', {
    related: [{ location: { file: 'apps/a&b.yaml', line: 2, column: 1, endLine: 2, endColumn: 2 }, message: '"a" first defined here' }],
    fix: "Remove one of 'them'.",
  }),
  diagnostic('yaml/duplicate-key', 'warning', 'apps/a&b.yaml', 3, 1, 'Second finding\nat the same place\twith a tab'),
  diagnostic('kustomize/remote-resource', 'info', 'k.yaml', 4, 5, 'Remote resource not fetched: lone \ud800 surrogate.'),
]);

/** The elements named `name` anywhere below `element`. */
function all(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => (typeof child === 'string' ? [] : [...(child.name === name ? [child] : []), ...all(child, name)]));
}

function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}

describe('junit format', () => {
  it('writes one testsuite per rule, a failing testcase per error or warning, a skipped one per info', () => {
    expect(junit(small)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="fluxlint" tests="4" failures="2" errors="0" skipped="1" time="1.234">',
        '  <testsuite name="yaml/duplicate-key" tests="2" failures="2" errors="0" skipped="0">',
        '    <testcase classname="yaml/duplicate-key" name="apps/a&amp;b.yaml:3:1" file="apps/a&amp;b.yaml">',
        '      <failure message="apps/a&amp;b.yaml:3:1: Duplicate key &quot;a&quot; &lt;x&gt; &amp; ]]&gt; done\ufffd" type="error">apps/a&amp;b.yaml:3:1: error: Duplicate key "a" &lt;x&gt; &amp; ]]&gt; done\ufffd (yaml/duplicate-key)',
        "Fix: Remove one of 'them'.",
        'Related: apps/a&amp;b.yaml:2:1: "a" first defined here',
        `Rule: ${DOCS}/yaml/duplicate-key.md</failure>`,
        '    </testcase>',
        '    <testcase classname="yaml/duplicate-key" name="apps/a&amp;b.yaml:3:1 (2)" file="apps/a&amp;b.yaml">',
        '      <failure message="apps/a&amp;b.yaml:3:1: Second finding&#10;at the same place&#9;with a tab" type="warning">apps/a&amp;b.yaml:3:1: warning: Second finding',
        'at the same place\twith a tab (yaml/duplicate-key)',
        `Rule: ${DOCS}/yaml/duplicate-key.md</failure>`,
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="sops/unencrypted-secret" tests="1" failures="0" errors="0" skipped="0">',
        '    <testcase classname="sops/unencrypted-secret" name="no findings"/>',
        '  </testsuite>',
        '  <testsuite name="kustomize/remote-resource" tests="1" failures="0" errors="0" skipped="1">',
        '    <testcase classname="kustomize/remote-resource" name="k.yaml:4:5" file="k.yaml">',
        '      <skipped message="k.yaml:4:5: Remote resource not fetched: lone \ufffd surrogate.">k.yaml:4:5: info: Remote resource not fetched: lone \ufffd surrogate. (kustomize/remote-resource)',
        `Rule: ${DOCS}/kustomize/remote-resource.md</skipped>`,
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('is well-formed XML that reads back to the messages, positions and fixes', () => {
    const root = parseXml(junit(small));
    expect(root.name).toBe('testsuites');
    const failures = all(root, 'failure');
    expect(failures.map((f) => f.attributes.message)).toEqual([
      'apps/a&b.yaml:3:1: Duplicate key "a" <x> & ]]> done\ufffd',
      'apps/a&b.yaml:3:1: Second finding\nat the same place\twith a tab',
    ]);
    expect(textOf(failures[0]!).split('\n')).toEqual([
      'apps/a&b.yaml:3:1: error: Duplicate key "a" <x> & ]]> done\ufffd (yaml/duplicate-key)',
      "Fix: Remove one of 'them'.",
      'Related: apps/a&b.yaml:2:1: "a" first defined here',
      `Rule: ${DOCS}/yaml/duplicate-key.md`,
    ]);
    expect(all(root, 'testcase').map((c) => `${c.attributes.classname} ${c.attributes.name}`)).toEqual([
      'yaml/duplicate-key apps/a&b.yaml:3:1',
      'yaml/duplicate-key apps/a&b.yaml:3:1 (2)',
      'sops/unencrypted-secret no findings',
      'kustomize/remote-resource k.yaml:4:5',
    ]);
    expect(all(root, 'skipped').map((s) => s.attributes.message)).toEqual(['k.yaml:4:5: Remote resource not fetched: lone \ufffd surrogate.']);
  });

  it('reports the demo repository: one failure per error and warning, at its file:line:col', async () => {
    const result = await lintDir(path.join(FIXTURES, 'demo'));
    const input: ReportInput = { ...inputOf(result.diagnostics), rules: RULES.map((r) => r.meta) };
    const root = parseXml(junit(input));
    const findings = result.diagnostics.filter((d) => d.severity !== 'info');
    expect(root.attributes).toMatchObject({ failures: String(findings.length), errors: '0', skipped: String(result.diagnostics.length - findings.length) });
    expect(all(root, 'testsuite').map((s) => s.attributes.name)).toEqual(RULES.map((r) => r.meta.id));
    const fromReport = all(root, 'testsuite').flatMap((suite) => all(suite, 'failure').map((f) => `${suite.attributes.name} ${f.attributes.message}`));
    const expected = RULES.flatMap((r) => findings.filter((d) => d.ruleId === r.meta.id)).map((d) => `${d.ruleId} ${d.location.file}:${d.location.line}:${d.location.column}: ${d.message}`);
    expect(fromReport).toEqual(expected);
    expect(fromReport).toHaveLength(14);
  });
});

describe('the XML well-formedness check of the tests', () => {
  it.each([
    ['<a><b></a>', 'end tag does not match <b>'],
    ['<a>x ]]> y</a>', '"]]>" in text'],
    ['<a x="1" x="2"/>', 'duplicate attribute x'],
    ['<a x="<"/>', '"<" in a value'],
    ['<a>&nope;</a>', 'bad reference &nope;'],
    ['<a>&#1;</a>', 'bad reference &#1;'],
    ['<a>R&D</a>', 'unterminated reference'],
    ['<a>\u0001</a>', 'character U+0001 at 3 is not allowed in XML'],
    ['<a><![CDATA[x]]></a>', 'unexpected markup'],
    ['<a/><b/>', 'content after the root element'],
    ['<a>', 'unclosed <a>'],
  ])('rejects %j', (xml, problem) => {
    expect(() => parseXml(xml)).toThrow(problem);
  });
});

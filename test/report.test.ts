import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { main } from '../src/cli.js';
import { TOOL } from '../src/package-root.js';
import { FORMATS } from '../src/report/formats.js';
import { escapeData, escapeProperty } from '../src/report/github.js';
import { summarize, type ReportInput } from '../src/report/report.js';
import { expectNoLeak, FIXTURES, REPO_ROOT, lintDir } from './helpers.js';

const demo = path.join(FIXTURES, 'demo');
const result = await lintDir(demo);
const input: ReportInput = {
  diagnostics: result.diagnostics,
  rules: RULES.map((r) => r.meta),
  summary: summarize(result.diagnostics, result.repository.files.length, result.repository.documentCount, 42),
  tool: TOOL,
  source: (file) => result.repository.file(file)?.source,
  color: false,
};

/**
 * Values written in the demo that must never appear in any output, read from its
 * files rather than from what fluxlint marks: every plaintext canary, and the
 * payloads of ENC[…] values and of age-encrypted data keys.
 */
const SECRETS = demoSecrets();

function demoSecrets(): string[] {
  const texts = result.repository.files.map((f) => f.source.text);
  texts.push(readFileSync(path.join(demo, 'apps/grafana/smtp.env'), 'utf8'));
  const found = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/CANARY-[\w-]+/g)) found.add(match[0]);
    for (const match of text.matchAll(/(?:data|iv|tag):([A-Za-z0-9+/=]+)/g)) found.add(match[1]!);
    for (const match of text.matchAll(/-----BEGIN AGE ENCRYPTED FILE-----([^-]+)-----END/g)) for (const line of match[1]!.split(/\s+/)) if (line) found.add(line);
  }
  return [...found];
}

it('the demo has a secret on every path to leak through', () => {
  expect(SECRETS.filter((s) => s.startsWith('CANARY-')).sort()).toEqual(['CANARY-Gx9wQc-3be0', 'CANARY-Hw3jPn-9c2e', 'CANARY-Nd4tBv-a11c', 'CANARY-Rt6yLm-77ab', 'CANARY-Vq8zXk-51f3', 'CANARY-Zb2kFs-0d41']);
  expect(SECRETS.length).toBeGreaterThan(20);
});

describe('every format keeps secrets in the process', () => {
  for (const [name, render] of Object.entries(FORMATS)) {
    it(`${name}`, () => {
      const output = render(input);
      expect(output.length).toBeGreaterThan(500);
      expectNoLeak(output, SECRETS, name);
    });
  }

  it('also in a report written with --output', async () => {
    const target = path.join(os.tmpdir(), `fluxlint-report-${process.pid}.sarif`);
    const lines: string[] = [];
    const code = await main([demo, '--root', demo, '--format', 'sarif', '--output', target], {
      stdout: (t) => lines.push(t),
      stderr: (t) => lines.push(t),
      isTTY: false,
      env: {},
      cwd: demo,
    });
    expect(code).toBe(1);
    const written = readFileSync(target, 'utf8');
    expect(JSON.parse(written).runs[0].results).toHaveLength(result.diagnostics.length);
    expectNoLeak(written, SECRETS, 'the written report');
    expect(lines.join('')).toBe(`fluxlint: 11 errors, 3 warnings in 9 files (12 documents, ${/(\d+) ms/.exec(lines.join(''))![1]} ms); sarif report written to ${target}\n`);
  });
});

describe('json format', () => {
  const report = JSON.parse(FORMATS.json(input));

  it('has the documented shape', () => {
    expect(Object.keys(report)).toEqual(['version', 'tool', 'diagnostics', 'summary']);
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'fluxlint', version: TOOL.version });
    expect(report.summary).toEqual({ files: 9, documents: 12, errors: 11, warnings: 3, durationMs: 42 });
  });

  it('gives each diagnostic its file, 1-based positions, related locations and fix', () => {
    const duplicate = report.diagnostics.find((d: { ruleId: string }) => d.ruleId === 'yaml/duplicate-key');
    expect(duplicate).toEqual({
      ruleId: 'yaml/duplicate-key',
      severity: 'error',
      message: 'Duplicate key "a": YAML forbids it, and tools disagree on which value wins.',
      file: 'apps/matrix/broken.yaml',
      line: 20,
      column: 3,
      endLine: 20,
      endColumn: 4,
      related: [{ file: 'apps/matrix/broken.yaml', line: 19, column: 3, message: '"a" first defined here' }],
      fix: 'Remove one of the two entries, or merge them into one.',
    });
  });
});

describe('sarif format', () => {
  const log = JSON.parse(FORMATS.sarif(input));

  it('validates against the SARIF 2.1.0 schema', () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The schema is draft-04; the parts it uses read the same in Ajv's default draft once `id` is `$id`.
    delete schema.$schema;
    schema.$id = schema.id;
    delete schema.id;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('carries real regions, rule metadata and related locations', () => {
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    expect(run.results).toHaveLength(result.diagnostics.length);
    run.results.forEach((r: any, i: number) => {
      const d = result.diagnostics[i]!;
      expect(r.ruleId).toBe(d.ruleId);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(d.ruleId);
      expect(r.locations[0].physicalLocation.region.startLine).toBe(d.location.line);
      expect(r.locations[0].physicalLocation.region.startColumn).toBe(d.location.column);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe(d.location.file);
    });
    const duplicate = run.results.find((r: { ruleId: string }) => r.ruleId === 'yaml/duplicate-key');
    expect(duplicate.relatedLocations).toEqual([
      {
        id: 0,
        physicalLocation: { artifactLocation: { uri: 'apps/matrix/broken.yaml', uriBaseId: 'SRCROOT' }, region: { startLine: 19, startColumn: 3, endLine: 19, endColumn: 4 } },
        message: { text: '"a" first defined here' },
      },
    ]);
    expect(duplicate.level).toBe('error');
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === 'fluxlint/unused-disable').level).toBe('warning');
  });

  it("links every rule's help to its generated page under docs/rules/", () => {
    for (const rule of log.runs[0].tool.driver.rules) {
      const page = `docs/rules/${rule.id}.md`;
      expect(rule.helpUri).toBe(`${TOOL.informationUri}/blob/main/${page}`);
      expect(existsSync(path.join(REPO_ROOT, page)), page).toBe(true);
    }
  });
});

describe('github format', () => {
  it('writes one workflow command per finding and a summary', () => {
    const lines = FORMATS.github(input).trimEnd().split('\n');
    expect(lines).toHaveLength(result.diagnostics.length + 1);
    expect(lines).toContain(
      '::error file=apps/matrix/broken.yaml,line=20,col=3,endLine=20,endColumn=4,title=yaml/duplicate-key::Duplicate key "a": YAML forbids it, and tools disagree on which value wins.%0AFix: Remove one of the two entries, or merge them into one.',
    );
    expect(lines.at(-1)).toBe('fluxlint: 11 errors, 3 warnings in 9 files (12 documents, 42 ms)');
  });

  it('escapes data and properties as the runner expects', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
  });
});

describe('stylish format', () => {
  const output = FORMATS.stylish(input);

  it('groups by file and shows a masked code frame with a caret', () => {
    expect(output).toContain(
      [
        'apps/paperless/db-secret.yaml',
        '  9:3  error  Secret "documents/paperless-db" holds 2 plaintext values (stringData.POSTGRES_USER, stringData.POSTGRES_PASSWORD) and is not SOPS-encrypted.  sops/unencrypted-secret',
        '       8 | stringData:',
        '    >  9 |   POSTGRES_USER: ********',
        '         |   ^^^^^^^^^^^^^',
        '      10 |   POSTGRES_PASSWORD: ********',
      ].join('\n'),
    );
  });

  it('masks a generator literal from the character after "=", with a mask of fixed width', () => {
    expect(output).toContain(
      [
        '      7 |   - name: grafana-datasources',
        '    > 8 |     literals:',
        '        |     ^^^^^^^^',
        '      9 |       - INFLUX_TOKEN=********',
        '      = fix:',
      ].join('\n'),
    );
  });

  it('lists related locations and ends with a summary line', () => {
    expect(output).toContain('      = 19:3 "a" first defined here\n');
    expect(output.trimEnd().split('\n').at(-1)).toBe('✖ 11 errors, 3 warnings in 9 files (12 documents, 42 ms)');
  });
});

import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ACTION_BUNDLE, buildAction } from '../src/action/build.js';
import type { Diagnostic } from '../src/diagnostic.js';
import { readInputs } from '../src/action/inputs.js';
import { escapeMarkdown, jobSummary, lineUrl } from '../src/action/summary.js';
import { failureReason } from '../src/action/verdict.js';
import { REPO_ROOT, temporaryDirectory } from './helpers.js';

describe('the Action bundle', () => {
  it('dist/action/index.js is what `npm run build:action` writes from the sources (rebuild and commit it)', async () => {
    const dir = temporaryDirectory('fluxlint-bundle-');
    try {
      const rebuilt = path.join(dir, 'index.js');
      await buildAction(rebuilt);
      const fresh = readFileSync(rebuilt);
      const committed = readFileSync(ACTION_BUNDLE);
      expect(committed.equals(fresh), `dist/action/index.js (${committed.length} bytes) differs from a rebuild (${fresh.length} bytes)`).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A YAML file parsed strictly: every syntax error and warning fails the test. */
function readYaml(file: string): Record<string, any> {
  const document = parseDocument(readFileSync(path.join(REPO_ROOT, file), 'utf8'), { uniqueKeys: true });
  expect([...document.errors, ...document.warnings].map((e) => `${file}: ${e.message}`)).toEqual([]);
  return document.toJS() as Record<string, any>;
}

describe('action.yml and the example workflows', () => {
  const action = readYaml('action.yml');
  const inputs = Object.keys(action.inputs);
  const outputs = Object.keys(action.outputs);

  it('action.yml runs the committed bundle on node24 and declares string defaults', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
    expect(path.join(REPO_ROOT, action.runs.main)).toBe(ACTION_BUNDLE);
    expect(inputs).toEqual(['path', 'root', 'config', 'changed-only', 'base', 'fail-on', 'max-warnings', 'sarif-file']);
    expect(outputs).toEqual(['errors', 'warnings', 'sarif-file']);
    for (const input of Object.values(action.inputs) as { description: unknown; default: unknown }[]) {
      expect(typeof input.description).toBe('string');
      expect(typeof input.default).toBe('string');
    }
  });

  for (const file of ['docs/workflows/github.yml', 'docs/workflows/gitea.yml']) {
    it(`${file} is valid YAML and names only inputs and outputs that action.yml declares`, () => {
      const workflow = readYaml(file);
      const steps = Object.values(workflow.jobs as Record<string, { steps: Record<string, any>[] }>).flatMap((job) => job.steps);
      const fluxlint = steps.filter((step) => /(^|\/)fluxlint\/fluxlint@/.test(step.uses ?? ''));
      expect(fluxlint).toHaveLength(1);
      for (const name of Object.keys(fluxlint[0]!.with ?? {})) expect(inputs).toContain(name);
      const id = fluxlint[0]!.id as string;
      const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
      for (const [, name] of text.matchAll(new RegExp(`steps\\.${id}\\.outputs\\.([\\w-]+)`, 'g'))) expect(outputs).toContain(name);
    });
  }

  it('the GitHub workflow uploads the SARIF file that the Action writes, with the permission it needs', () => {
    const workflow = readYaml('docs/workflows/github.yml');
    const job = workflow.jobs.fluxlint;
    expect(job.permissions['security-events']).toBe('write');
    const upload = job.steps.find((s: { uses?: string }) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload.with.sarif_file).toBe('${{ steps.fluxlint.outputs.sarif-file }}');
    expect(job.steps.find((s: { id?: string }) => s.id === 'fluxlint').with['sarif-file']).toBe('fluxlint.sarif');
  });
});

describe('Action inputs and verdict', () => {
  const inputsOf = (values: Record<string, string>) => readInputs('/ws', (name) => values[name] ?? '');

  it('resolves paths against the workspace; an empty path is the root', () => {
    expect(inputsOf({})).toEqual({
      path: '/ws',
      root: '/ws',
      config: undefined,
      changedOnly: false,
      base: undefined,
      failOn: 'error',
      maxWarnings: undefined,
      sarifFile: undefined,
    });
    expect(inputsOf({ root: 'gitops', config: 'ci/fluxlint.yaml', 'sarif-file': 'out/f.sarif', 'changed-only': 'true', base: 'origin/main', 'max-warnings': '3' })).toEqual({
      path: '/ws/gitops',
      root: '/ws/gitops',
      config: '/ws/ci/fluxlint.yaml',
      changedOnly: true,
      base: 'origin/main',
      failOn: 'error',
      maxWarnings: 3,
      sarifFile: '/ws/out/f.sarif',
    });
    expect(inputsOf({ 'max-warnings': '-1' }).maxWarnings).toBeUndefined();
  });

  it('rejects a bad input by its name', () => {
    expect(() => inputsOf({ 'changed-only': 'yes' })).toThrow('changed-only must be true or false');
    expect(() => inputsOf({ 'max-warnings': '2.5' })).toThrow('max-warnings must be a whole number (0 or more), or empty for no limit');
    expect(() => inputsOf({ 'fail-on': 'info' })).toThrow('fail-on must be one of error, warning, never');
  });

  it('fails per fail-on, and per max-warnings whatever fail-on says', () => {
    const counts = (errors: number, warnings: number) => ({ files: 1, documents: 1, errors, warnings, infos: 0, durationMs: 1 });
    expect(failureReason(counts(0, 0), 'warning', undefined)).toBeNull();
    expect(failureReason(counts(0, 2), 'error', undefined)).toBeNull();
    expect(failureReason(counts(0, 2), 'warning', undefined)).toBe('fluxlint found 0 errors and 2 warnings (fail-on: warning).');
    expect(failureReason(counts(3, 0), 'never', undefined)).toBeNull();
    expect(failureReason(counts(0, 2), 'never', 2)).toBeNull();
    expect(failureReason(counts(0, 3), 'never', 2)).toBe('fluxlint found 3 warnings, more than max-warnings (2).');
  });
});

describe('the job summary', () => {
  const finding = (file: string, message: string): Diagnostic => ({
    ruleId: 'yaml/syntax',
    severity: 'error',
    message,
    location: { file, line: 3, column: 1, endLine: 3, endColumn: 2 },
    related: [],
  });

  it('escapes Markdown and HTML in messages and file names', () => {
    expect(escapeMarkdown('a|b <script>`x`</script> *y* _z_ [l](u) \\ ~s~ $m$ &amp;\nnext')).toBe(
      'a\\|b &lt;script&gt;\\`x\\`&lt;/script&gt; \\*y\\* \\_z\\_ \\[l\\](u) \\\\ \\~s\\~ \\$m\\$ &amp;amp; next',
    );
    const summary = jobSummary([finding('apps/a|b (1).yaml', 'Value `x|y` is <b>bold</b>.')], { files: 1, documents: 1, errors: 1, warnings: 0, infos: 0, durationMs: 5 }, {
      serverUrl: 'https://git.example.com',
      repository: 'acme/gitops',
      sha: 'abc123',
    });
    expect(summary.split('\n').at(-2)).toBe(
      '| error | [apps/a\\|b (1).yaml:3:1](https://git.example.com/acme/gitops/blob/abc123/apps/a%7Cb%20%281%29.yaml#L3) | [yaml/syntax](https://github.com/fluxlint/fluxlint/blob/main/docs/rules/yaml/syntax.md) | Value \\`x\\|y\\` is &lt;b&gt;bold&lt;/b&gt;. |',
    );
  });

  it('links each line at the commit, with the path encoded segment by segment', () => {
    expect(lineUrl({ serverUrl: 'https://github.com', repository: 'o/r', sha: 's' }, 'dir/my file#1.yaml', 7)).toBe('https://github.com/o/r/blob/s/dir/my%20file%231.yaml#L7');
  });
});

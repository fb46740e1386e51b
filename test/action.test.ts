import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_BUNDLE } from '../src/action/build.js';
import { brief, FIXTURES, lintDir, makeRepo, REPO_ROOT, temporaryDirectory } from './helpers.js';
import { gitRepo } from './git.js';

/**
 * The committed bundle, run the way GitHub's runner and Gitea's act_runner run it:
 * `node dist/action/index.js` in the workspace, every input of action.yml as
 * INPUT_<NAME> (defaults included), and the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 * It runs from a copy of the files a checkout of the action has, without node_modules:
 * runners do not run `npm ci`.
 */

const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
};
const SHA = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';
const BLOB = `https://github.com/acme/gitops/blob/${SHA}`;

let checkout: string;
beforeAll(() => {
  checkout = temporaryDirectory('fluxlint-action-checkout-');
  for (const file of ['package.json', 'action.yml', 'schemas', path.relative(REPO_ROOT, ACTION_BUNDLE)]) {
    cpSync(path.join(REPO_ROOT, file), path.join(checkout, file), { recursive: true });
  }
});
const workspace = makeRepo;

interface Run {
  status: number | null;
  /** The workflow commands that make annotations, in order. */
  annotations: string[];
  /** What the step printed outside of workflow commands: the report. */
  log: string;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

function runAction(dir: string, inputs: Record<string, string> = {}): Run {
  const files = temporaryDirectory('fluxlint-runner-');
  const outputFile = path.join(files, 'output');
  const summaryFile = path.join(files, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/gitops',
    GITHUB_SHA: SHA,
  };
  for (const [name, input] of Object.entries(action.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = inputs[name] ?? input.default ?? '';
  }
  const child = spawnSync(process.execPath, [path.join(checkout, 'dist', 'action', 'index.js')], { cwd: dir, env, encoding: 'utf8' });
  const stdout = child.stdout;
  const block = /^::stop-commands::(\S+)\n([\s\S]*?)^::\1::\n/m.exec(stdout);
  return {
    status: child.status,
    annotations: stdout.split('\n').filter((line) => /^::(error|warning|notice)[ :]/.test(line)),
    log: block?.[2] ?? '',
    stdout,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8').replace(/\d+ ms\)/g, 'N ms)'),
  };
}

/** The runner's file format: `name<<DELIMITER`, the value's lines, `DELIMITER`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n?^\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

const configMap = (name: string, data: string[]) => ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, 'data:', ...data, ''].join('\n');
const DUPLICATE = 'Duplicate key "a": YAML forbids it, and tools disagree on which value wins.%0AFix: Remove one of the two entries, or merge them into one.';

describe('the bundled Action, run as a runner runs it', () => {
  it('passes with the default inputs on a clean repository: no annotations, zero counts, a summary', () => {
    const dir = workspace({ 'apps/config.yaml': configMap('web', ['  a: "1"']) });
    const run = runAction(dir);
    expect(run.status).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.outputs).toEqual({ errors: '0', warnings: '0', 'sarif-file': '' });
    expect(run.summary).toBe('## fluxlint\n\n0 errors, 0 warnings in 1 file (1 document, N ms)\n\nNo findings.\n');
    expect(run.log).toMatch(/^✔ 0 errors, 0 warnings in 1 file \(1 document, \d+ ms\)\n$/);
  });

  it('fails on an error: the annotation on its line, the report in the log, outputs and a linked summary', () => {
    const dir = workspace({ 'config.yaml': configMap('web', ['  a: "1"', '  a: "2"']) });
    const run = runAction(dir);
    expect(run.status).toBe(1);
    expect(run.annotations).toEqual([
      `::error title=yaml/duplicate-key,file=config.yaml,line=7,endLine=7,col=3,endColumn=4::${DUPLICATE}`,
      '::error::fluxlint found 1 error (fail-on: error).',
    ]);
    expect(run.log).toContain('config.yaml\n  7:3  error  Duplicate key "a": YAML forbids it, and tools disagree on which value wins.  yaml/duplicate-key\n');
    expect(run.outputs).toEqual({ errors: '1', warnings: '0', 'sarif-file': '' });
    const docs = 'https://github.com/fluxlint/fluxlint/blob/main/docs/rules/yaml/duplicate-key.md';
    expect(run.summary).toBe(
      [
        '## fluxlint',
        '',
        '1 error, 0 warnings in 1 file (1 document, N ms)',
        '',
        '### Findings per rule',
        '',
        '| Rule | Errors | Warnings | Infos |',
        '| --- | ---: | ---: | ---: |',
        `| [yaml/duplicate-key](${docs}) | 1 | 0 | 0 |`,
        '',
        '### Findings',
        '',
        '| Severity | Location | Rule | Message |',
        '| --- | --- | --- | --- |',
        `| error | [config.yaml:7:3](${BLOB}/config.yaml#L7) | [yaml/duplicate-key](${docs}) | Duplicate key "a": YAML forbids it, and tools disagree on which value wins. Fix: Remove one of the two entries, or merge them into one. |`,
        '',
      ].join('\n'),
    );
  });

  const fluxKustomization = [
    'apiVersion: kustomize.toolkit.fluxcd.io/v1',
    'kind: Kustomization',
    'metadata:',
    '  name: apps',
    '  namespace: flux-system',
    'spec:',
    '  interval: 10m',
    '  path: ./apps/web',
    '  prune: true',
    '  sourceRef:',
    '    kind: GitRepository',
    '    name: flux-system',
    '  dependsOn:',
    '    - name: database',
    '',
  ].join('\n');
  // No GitRepository either, but whoever applies this root Kustomization creates that one: the missing one is its dependency.
  const missingSource =
    '::error title=flux/missing-reference,file=%FILE%,line=14,endLine=14,col=13,endColumn=21::Kustomization "flux-system/apps" refers to Kustomization "flux-system/database" (spec.dependsOn), which the repository does not define.%0AFix: Add the Kustomization, correct the name or namespace, or list "Kustomization/flux-system/database" under `external` in .fluxlint.yaml if it is created outside the repository.';
  const app = { 'apps/web/kustomization.yaml': 'resources:\n  - config.yaml\n', 'apps/web/config.yaml': configMap('web', ['  a: "1"']) };

  it('path: a subdirectory reports paths relative to the workspace and resolves spec.path from the root', () => {
    const dir = workspace({ 'clusters/prod/apps.yaml': fluxKustomization, ...app });
    const run = runAction(dir, { path: 'clusters' });
    expect(run.status).toBe(1);
    // No kustomize/missing-resource: spec.path ./apps/web is found from the workspace, not from clusters/.
    expect(run.annotations).toEqual([missingSource.replace('%FILE%', 'clusters/prod/apps.yaml'), '::error::fluxlint found 1 error (fail-on: error).']);
    expect(run.log).toMatch(/^clusters\/prod\/apps\.yaml\n {2}14:13 {2}error/);
  });

  it('root: a subdirectory of the workspace resolves Flux paths there and still reports workspace paths, in SARIF too', () => {
    const dir = workspace({ 'gitops/clusters/prod/apps.yaml': fluxKustomization, ...Object.fromEntries(Object.entries(app).map(([f, c]) => [`gitops/${f}`, c])) });
    const run = runAction(dir, { root: 'gitops', 'sarif-file': 'reports/fluxlint.sarif' });
    expect(run.status).toBe(1);
    expect(run.annotations).toEqual([missingSource.replace('%FILE%', 'gitops/clusters/prod/apps.yaml'), '::error::fluxlint found 1 error (fail-on: error).']);
    expect(run.log).toContain('gitops/clusters/prod/apps.yaml\n  14:13  error  Kustomization "flux-system/apps" refers to Kustomization "flux-system/database"');
    expect(run.log).toContain('    > 14 |     - name: database\n');
    const sarifFile = path.join(dir, 'reports', 'fluxlint.sarif');
    expect(run.outputs).toEqual({ errors: '1', warnings: '0', 'sarif-file': sarifFile });
    const results = JSON.parse(readFileSync(sarifFile, 'utf8')).runs[0].results;
    expect(results.map((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([
      ['flux/missing-reference', 'gitops/clusters/prod/apps.yaml'],
    ]);
    expect(run.summary).toContain(`[gitops/clusters/prod/apps.yaml:14:13](${BLOB}/gitops/clusters/prod/apps.yaml#L14)`);
  });

  it('annotates 10 findings of each level, most important first, and counts the rest in one notice', () => {
    const comment = '# fluxlint-disable-next-line yaml/duplicate-key';
    const dir = workspace({
      'errors.yaml': configMap('many', Array.from({ length: 12 }, (_, i) => [`  k${i}: "1"`, `  k${i}: "2"`]).flat()),
      'warnings.yaml': configMap('quiet', Array.from({ length: 11 }, (_, i) => [`  ${comment}`, `  q${i}: "1"`]).flat()),
      'remote/kustomization.yaml': ['resources:', ...Array.from({ length: 11 }, (_, i) => `  - https://example.com/crds/v${i}.yaml`), ''].join('\n'),
    });
    const run = runAction(dir);
    expect(run.status).toBe(1);
    const errors = Array.from(
      { length: 10 },
      (_, i) => `::error title=yaml/duplicate-key,file=errors.yaml,line=${7 + 2 * i},endLine=${7 + 2 * i},col=3,endColumn=5::${DUPLICATE.replace('"a"', `"k${i}"`)}`,
    );
    const warnings = Array.from(
      { length: 10 },
      (_, i) =>
        `::warning title=fluxlint/unused-disable,file=warnings.yaml,line=${6 + 2 * i},endLine=${6 + 2 * i},col=3,endColumn=${3 + comment.length}::Unused fluxlint-disable-next-line for yaml/duplicate-key: no such finding on line ${7 + 2 * i}.%0AFix: Remove the comment, or the rule ids it no longer needs.`,
    );
    // Infos are notices too: 9 of them leave the tenth notice for the count.
    const infos = Array.from(
      { length: 9 },
      (_, i) =>
        `::notice title=kustomize/remote-resource,file=remote/kustomization.yaml,line=${2 + i},endLine=${2 + i},col=5,endColumn=37::Remote resource "https://example.com/crds/v${i}.yaml" is not fetched; fluxlint works offline, so objects from it are not checked.`,
    );
    expect(run.annotations).toEqual([
      ...errors,
      ...warnings,
      ...infos,
      '::notice title=fluxlint%3A more findings::2 more errors, 1 more warning, 2 more infos not annotated: GitHub shows 10 annotations of each level per step. The step log and the job summary list all 34 findings.',
      '::error::fluxlint found 12 errors (fail-on: error).',
    ]);
    expect(run.outputs).toEqual({ errors: '12', warnings: '11', 'sarif-file': '' });
    expect(run.log).toContain('✖ 12 errors, 11 warnings, 11 info in 3 files');
    expect(run.summary.match(/^\| (error|warning|info) \|/gm)).toHaveLength(34);
  });

  it('fail-on: never passes with errors; max-warnings still fails on its own', () => {
    const dir = workspace({ 'config.yaml': configMap('web', ['  # fluxlint-disable-next-line yaml/syntax', '  a: "1"', '  a: "2"']) });
    const never = runAction(dir, { 'fail-on': 'never' });
    expect([never.status, never.outputs]).toEqual([0, { errors: '1', warnings: '1', 'sarif-file': '' }]);
    expect(never.annotations.filter((a) => a.startsWith('::error::'))).toEqual([]);
    const limited = runAction(dir, { 'fail-on': 'never', 'max-warnings': '0' });
    expect(limited.status).toBe(1);
    expect(limited.annotations.at(-1)).toBe('::error::fluxlint found 1 warning, more than max-warnings (0).');
  });

  it('fails the step with a message that names the input, not its value, on a bad input', () => {
    const dir = workspace({ 'config.yaml': configMap('web', ['  a: "1"']) });
    const run = runAction(dir, { 'fail-on': 'sometimes' });
    expect(run.status).toBe(1);
    expect(run.annotations).toEqual(['::error::fluxlint: fail-on must be one of error, warning, never']);
    expect(run.stdout).not.toContain('sometimes');
    expect(runAction(dir, { path: 'missing' }).annotations).toEqual(['::error::fluxlint: path missing does not exist']);
  });

  it('changed-only: a base that is not in the clone is a plain failure of the step, not an internal error', () => {
    const dir = gitRepo({ 'config.yaml': configMap('web', ['  a: "1"']) });
    const run = runAction(dir, { 'changed-only': 'true', base: SHA });
    expect(run.status).toBe(1);
    expect(run.annotations).toHaveLength(1);
    expect(run.annotations[0]).toMatch(/^::error::fluxlint: (?!internal error)/);
    expect(run.annotations[0]).toContain(SHA);
  });

  it('counts the files the path input selects, as the CLI does, not every file read', () => {
    const dir = workspace({ 'apps/config.yaml': configMap('web', ['  a: "1"']), 'other/config.yaml': configMap('db', ['  a: "1"']) });
    expect(runAction(dir, { path: 'apps' }).summary).toBe('## fluxlint\n\n0 errors, 0 warnings in 1 file (1 document, N ms)\n\nNo findings.\n');
  });

  it('fails the step with the line of a broken configuration file', () => {
    const dir = workspace({ 'config.yaml': configMap('web', ['  a: "1"']), '.fluxlint.yaml': 'rules:\n  yaml/no-such-rule: error\n' });
    const run = runAction(dir);
    expect(run.status).toBe(1);
    expect(run.annotations).toHaveLength(1);
    expect(run.annotations[0]).toMatch(/^::error::fluxlint: configuration error: \.fluxlint\.yaml:2:3: .*yaml\/no-such-rule/);
  });

  // The demo has findings of the Kubernetes schemas, axion of the chart-values schema.
  for (const [fixture, schemaRule] of [['demo', 'k8s/schema'], ['axion', 'ess/values-schema']] as const) {
    it(`finds in fixtures/${fixture} exactly what the library finds, ${schemaRule} with the validators compiled into it`, async () => {
      const dir = path.join(FIXTURES, fixture);
      const sarifFile = path.join(workspace({}), 'fluxlint.sarif');
      const run = runAction(dir, { 'sarif-file': sarifFile });
      const expected = (await lintDir(dir)).diagnostics;
      expect(run.status).toBe(expected.some((d) => d.severity === 'error') ? 1 : 0);
      type Result = { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] };
      const found = (JSON.parse(readFileSync(sarifFile, 'utf8')).runs[0].results as Result[]).map(({ ruleId, locations: [where] }) => {
        const { artifactLocation, region } = where!.physicalLocation;
        return `${ruleId} ${decodeURI(artifactLocation.uri)}:${region.startLine}:${region.startColumn}`;
      });
      expect(found).toEqual(expected.map(brief));
      expect(found.filter((f) => f.startsWith(`${schemaRule} `)).length).toBeGreaterThan(0);
    });
  }
});

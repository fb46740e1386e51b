import { symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { main } from '../src/cli.js';
import { defaultBase } from '../src/git/base.js';
import { lint, type LintOptions } from '../src/lint.js';
import { git, gitRepo } from './git.js';
import { helmRelease, HELM_REPOSITORY, makeRepo, temporaryDirectory } from './helpers.js';

const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n';
const SECRET_FINDING = (file: string) => `sops/unencrypted-secret ${file}:6:3 Secret "db" holds 1 plaintext value (stringData.password) and is not SOPS-encrypted.`;
const VALUES_FINDING = 'ess/values-schema hr.yaml:16:5 Unknown field "a" in the values of HelmRelease "matrix/ess".';
const BROKEN_REFERENCE =
  'flux/missing-reference hr.yaml:14:15 HelmRelease "matrix/ess" refers to HelmRepository "matrix/ess" (spec.chart.spec.sourceRef), which the repository does not define. (caused by changes in other files)';

function write(dir: string, file: string, text: string): void {
  writeFileSync(path.join(dir, file), text);
}

async function findings(dir: string, options: Partial<LintOptions>): Promise<string[]> {
  const result = await lint({ targets: [], rules: RULES, cwd: dir, env: {}, ...options });
  expect(result.internalErrors).toEqual([]);
  return result.diagnostics.map((d) => `${d.ruleId} ${d.location.file}:${d.location.line}:${d.location.column} ${d.message}`);
}

/** hr.yaml (one finding of its own) uses the HelmRepository of repository.yaml; old.yaml is a committed plaintext Secret. */
const FILES = { 'hr.yaml': helmRelease('a: 1'), 'repository.yaml': HELM_REPOSITORY, 'old.yaml': SECRET };

describe('--changed', () => {
  it('reports a reference the change broke in an unchanged file, marked, and none of the findings that were there before', async () => {
    const dir = gitRepo(FILES);
    git(dir, 'checkout', '-q', '-b', 'topic');
    write(dir, 'repository.yaml', HELM_REPOSITORY.replace('name: ess', 'name: ess-charts'));
    git(dir, 'commit', '-qam', 'rename the chart repository');
    expect(await findings(dir, { changed: {} })).toEqual([BROKEN_REFERENCE]);
    // Without --changed, everything.
    expect(await findings(dir, {})).toEqual([BROKEN_REFERENCE.replace(' (caused by changes in other files)', ''), VALUES_FINDING, SECRET_FINDING('old.yaml')]);
  });

  it('reports every finding of the changed files, uncommitted and untracked ones included', async () => {
    const dir = gitRepo(FILES);
    write(dir, 'hr.yaml', helmRelease('a: 1\nb: 2'));
    write(dir, 'new.yaml', SECRET);
    expect(await findings(dir, { changed: {} })).toEqual([
      VALUES_FINDING,
      'ess/values-schema hr.yaml:17:5 Unknown field "b" in the values of HelmRelease "matrix/ess".',
      SECRET_FINDING('new.yaml'),
    ]);
  });

  it('measures from --base, and the targets narrow further', async () => {
    const dir = gitRepo({ 'cm.yaml': CONFIG_MAP });
    write(dir, 'a.yaml', SECRET);
    write(dir, 'b.yaml', SECRET);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'two secrets');
    expect(await findings(dir, { changed: {} })).toEqual([]);
    expect(await findings(dir, { changed: { base: 'HEAD~1' } })).toEqual([SECRET_FINDING('a.yaml'), SECRET_FINDING('b.yaml')]);
    expect(await findings(dir, { changed: { base: 'HEAD~1' }, targets: ['b.yaml'] })).toEqual([SECRET_FINDING('b.yaml')]);
    await expect(findings(dir, { changed: { base: 'no-such-branch' } })).rejects.toThrow('--base no-such-branch names no commit of this repository');
  });

  it('is a usage error outside a git work tree, and --base needs --changed', async () => {
    const dir = makeRepo({ 's.yaml': SECRET });
    await expect(findings(dir, { changed: {} })).rejects.toThrow(`--changed needs a git repository: ${dir} is not inside a git work tree`);
    const io = { stdout: () => {}, stderr: (text: string) => (stderr += text), isTTY: false, env: {}, cwd: dir };
    let stderr = '';
    expect(await main(['--staged'], io)).toBe(2);
    expect(stderr).toBe(`fluxlint: --staged needs a git repository: ${dir} is not inside a git work tree\n`);
    stderr = '';
    expect(await main(['--base', 'main'], io)).toBe(2);
    expect(stderr).toBe('fluxlint: --base goes with --changed\n');
  });
});

describe('--staged', () => {
  it('lints what is staged, not the working tree: a bad file fixed only on disk is reported, an untracked one is not', async () => {
    const dir = gitRepo({ 'cm.yaml': CONFIG_MAP });
    write(dir, 'staged.yaml', SECRET);
    git(dir, 'add', 'staged.yaml');
    write(dir, 'staged.yaml', CONFIG_MAP);
    write(dir, 'untracked.yaml', SECRET);
    expect(await findings(dir, { staged: true })).toEqual([SECRET_FINDING('staged.yaml')]);
    expect(await findings(dir, {})).toEqual([SECRET_FINDING('untracked.yaml')]);
  });

  it('reports what a staged change breaks in a file that is not staged', async () => {
    const dir = gitRepo(FILES);
    write(dir, 'repository.yaml', HELM_REPOSITORY.replace('name: ess', 'name: ess-charts'));
    git(dir, 'add', 'repository.yaml');
    expect(await findings(dir, { staged: true })).toEqual([BROKEN_REFERENCE]);
    // Unstaged, the same change is not part of the commit.
    git(dir, 'reset', '-q');
    expect(await findings(dir, { staged: true })).toEqual([]);
  });

  it('reports every finding of a first commit', async () => {
    const dir = makeRepo({ 's.yaml': SECRET });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', 's.yaml');
    const result = await lint({ targets: [], rules: RULES, cwd: dir, staged: true, env: {} });
    expect({ base: result.base, findings: result.diagnostics.map((d) => d.ruleId) }).toEqual({ base: null, findings: ['sops/unencrypted-secret'] });
  });

  it('follows the symbolic links of the index as a checkout would, never out of the repository', async () => {
    const dir = gitRepo({ 'real/cm.yaml': CONFIG_MAP, 'real/s.yaml': SECRET });
    symlinkSync('real/s.yaml', path.join(dir, 'link.yaml'));
    symlinkSync('../../etc/passwd.yaml', path.join(dir, 'out.yaml'));
    symlinkSync('nowhere.yaml', path.join(dir, 'broken.yaml'));
    git(dir, 'add', '-A');
    // The working tree no longer has the links: only the index does.
    for (const link of ['link.yaml', 'out.yaml', 'broken.yaml']) unlinkSync(path.join(dir, link));
    expect(await findings(dir, { staged: true })).toEqual([
      'fluxlint/unreadable-file broken.yaml:1:1 Not linted: it is a broken symbolic link.',
      SECRET_FINDING('link.yaml'),
      'fluxlint/unreadable-file out.yaml:1:1 Not linted: it is a symbolic link that leads out of the repository.',
    ]);
  });
});

describe('the default base', () => {
  /** main: A; topic: B, C (HEAD). */
  function branches() {
    const dir = gitRepo({ 'cm.yaml': CONFIG_MAP });
    const a = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'checkout', '-q', '-b', 'topic');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'B');
    const b = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'C');
    return { dir, a, b };
  }

  function event(payload: object): NodeJS.ProcessEnv {
    const dir = temporaryDirectory('fluxlint-event-');
    writeFileSync(path.join(dir, 'event.json'), JSON.stringify(payload));
    return { GITHUB_EVENT_PATH: path.join(dir, 'event.json') };
  }

  it('is the merge base with the default branch outside Actions', async () => {
    const { dir, a } = branches();
    expect(await defaultBase(dir, {})).toEqual({ sha: a, description: `the merge base with main ${a.slice(0, 12)}` });
  });

  it("is a pull request's base, or a push's previous commit, in Actions", async () => {
    const { dir, a, b } = branches();
    expect(await defaultBase(dir, event({ pull_request: { base: { sha: a } } }))).toEqual({ sha: a, description: `the pull request base ${a.slice(0, 12)}` });
    expect(await defaultBase(dir, event({ before: b }))).toEqual({ sha: b, description: `the push's previous commit ${b.slice(0, 12)}` });
  });

  it('falls back to the merge base for a new branch, and to none without a default branch', async () => {
    const { dir, a } = branches();
    expect(await defaultBase(dir, event({ before: '0'.repeat(40) }))).toEqual({ sha: a, description: `the merge base with main ${a.slice(0, 12)}` });
    git(dir, 'branch', '-q', '-m', 'main', 'trunk');
    expect(await defaultBase(dir, {})).toBeNull();
  });

  it('says how to fetch a base the clone does not have', async () => {
    const { dir } = branches();
    const missing = '1234567890abcdef1234567890abcdef12345678';
    await expect(defaultBase(dir, event({ pull_request: { base: { sha: missing } } }))).rejects.toThrow(
      `the pull request base ${missing} is not in this clone; fetch it (with actions/checkout: fetch-depth: 0), or name a base with --base`,
    );
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { HOOK_SCRIPT } from '../src/git/hook.js';
import { GIT_ENV, git, gitRepo } from './git.js';
import { REPO_ROOT, temporaryDirectory } from './helpers.js';

/**
 * The pre-commit hook as users run it: `git commit` in a temporary repository,
 * with the hook `fluxlint install-hook` writes, and with the pre-commit framework
 * installing this repository's .pre-commit-hooks.yaml from a clone of its HEAD.
 */
const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n';
const CLEAN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';
const FINDING = '  6:3  error  Secret "db" holds 1 plaintext value (stringData.password) and is not SOPS-encrypted.  sops/unencrypted-secret';

/** `git commit` with the hooks, in an environment with `env` (PATH); its exit code and all it printed. */
function commit(dir: string, env: NodeJS.ProcessEnv, options: string[] = []): { code: number | null; output: string } {
  const run = spawnSync('git', ['commit', ...options, '-m', 'change'], { cwd: dir, encoding: 'utf8', env: { ...GIT_ENV, NO_COLOR: '1', ...env } });
  return { code: run.status, output: run.stdout + run.stderr };
}

async function cli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, env: {}, cwd });
  return { code, stdout, stderr };
}

/** The three commits every hook must get right. */
function refusesOnlyWhatIsStaged(install: (dir: string) => void, env: NodeJS.ProcessEnv) {
  const dir = gitRepo({ 'cm.yaml': CLEAN });
  install(dir);

  writeFileSync(path.join(dir, 'untracked.yaml'), SECRET);
  writeFileSync(path.join(dir, 'cm.yaml'), CLEAN.replace('fast', 'slow'));
  git(dir, 'add', 'cm.yaml');
  const clean = commit(dir, env);
  expect(clean.code, clean.output).toBe(0);

  writeFileSync(path.join(dir, 's.yaml'), SECRET);
  git(dir, 'add', 's.yaml');
  const refused = commit(dir, env);
  expect(refused.code).toBe(1);
  expect(refused.output).toContain(`s.yaml\n${FINDING}\n`);
  expect(refused.output).not.toContain('hunter2');

  // Fixed on disk, not staged: the commit would still hold the Secret.
  writeFileSync(path.join(dir, 's.yaml'), CLEAN);
  const stillStaged = commit(dir, env);
  expect(stillStaged.code).toBe(1);
  expect(stillStaged.output).toContain(`s.yaml\n${FINDING}\n`);
  expect(git(dir, 'log', '-1', '--format=%s %H')).toBe(`change ${git(dir, 'rev-parse', 'HEAD')}`);
  expect(git(dir, 'show', '--name-only', '--format=', 'HEAD')).toBe('cm.yaml\n');
}

describe('fluxlint install-hook', () => {
  it('writes an executable hook where git looks for it, and replaces another only with --force', async () => {
    const dir = gitRepo({ 'cm.yaml': CLEAN });
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    expect(await cli(['install-hook'], dir)).toEqual({ code: 0, stdout: `fluxlint: pre-commit hook installed: ${hook}\n`, stderr: '' });
    expect(readFileSync(hook, 'utf8')).toBe(HOOK_SCRIPT);
    expect(statSync(hook).mode & 0o777).toBe(0o755);
    expect(await cli(['install-hook'], path.join(dir, '.git', '..'))).toEqual({ code: 0, stdout: `fluxlint: pre-commit hook already installed: ${hook}\n`, stderr: '' });

    writeFileSync(hook, '#!/bin/sh\nexit 0\n');
    expect(await cli(['install-hook'], dir)).toEqual({ code: 2, stdout: '', stderr: `fluxlint: ${hook} already exists; run fluxlint from it, or replace it with --force\n` });
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nexit 0\n');
    expect(await cli(['install-hook', '--force'], dir)).toEqual({ code: 0, stdout: `fluxlint: pre-commit hook replaced: ${hook}\n`, stderr: '' });
    expect(readFileSync(hook, 'utf8')).toBe(HOOK_SCRIPT);
  });

  it('follows core.hooksPath, and the common hooks of a linked worktree', async () => {
    const dir = gitRepo({ 'cm.yaml': CLEAN });
    const worktree = path.join(temporaryDirectory('fluxlint-worktree-'), 'linked');
    git(dir, 'worktree', 'add', '-q', worktree);
    expect((await cli(['install-hook'], worktree)).stdout).toBe(`fluxlint: pre-commit hook installed: ${path.join(dir, '.git', 'hooks', 'pre-commit')}\n`);
    git(dir, 'config', 'core.hooksPath', '.githooks');
    mkdirSync(path.join(dir, 'sub'));
    expect((await cli(['install-hook'], path.join(dir, 'sub'))).stdout).toBe(`fluxlint: pre-commit hook installed: ${path.join(dir, '.githooks', 'pre-commit')}\n`);
  });

  it('is a usage error outside git', async () => {
    const dir = temporaryDirectory('fluxlint-nogit-');
    expect(await cli(['install-hook'], dir)).toEqual({ code: 2, stdout: '', stderr: `fluxlint: ${dir} is not inside a git work tree\n` });
  });
});

describe('commits through the hook that install-hook writes', () => {
  let bin: string;
  beforeAll(() => {
    // The hook runs `fluxlint` from PATH: here, this checkout's build.
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    bin = temporaryDirectory('fluxlint-bin-');
    writeFileSync(path.join(bin, 'fluxlint'), `#!/bin/sh\nexec '${process.execPath}' '${path.join(REPO_ROOT, 'dist', 'src', 'bin.js')}' "$@"\n`);
    chmodSync(path.join(bin, 'fluxlint'), 0o755);
  }, 300_000);

  it('refuses a staged Secret, also when only the working tree fixes it, and lets a clean commit through beside an untracked one', async () => {
    refusesOnlyWhatIsStaged((dir) => execFileSync(path.join(bin, 'fluxlint'), ['install-hook'], { cwd: dir }), { PATH: `${bin}:${process.env.PATH}` });
  });

  it('reads the index that `git commit -a` prepares', () => {
    const dir = gitRepo({ 's.yaml': CLEAN });
    execFileSync(path.join(bin, 'fluxlint'), ['install-hook'], { cwd: dir });
    writeFileSync(path.join(dir, 's.yaml'), SECRET);
    const run = commit(dir, { PATH: `${bin}:${process.env.PATH}` }, ['-a']);
    expect(run.code).toBe(1);
    expect(run.output).toContain(`s.yaml\n${FINDING}\n`);
  });

  it('says so and refuses the commit when fluxlint is not installed', () => {
    const dir = gitRepo({ 'cm.yaml': CLEAN });
    execFileSync(path.join(bin, 'fluxlint'), ['install-hook'], { cwd: dir });
    writeFileSync(path.join(dir, 'cm.yaml'), CLEAN.replace('fast', 'slow'));
    git(dir, 'add', 'cm.yaml');
    expect(commit(dir, { PATH: '/usr/bin:/bin' })).toEqual({ code: 1, output: 'fluxlint pre-commit hook: fluxlint is not installed (npm install --global fluxlint)\n' });
  });
});

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const hasPreCommit = preCommit.status === 0;
if (!hasPreCommit) console.warn('SKIPPED: the pre-commit framework test needs `pre-commit` on PATH (apt-get install pre-commit, or pip install pre-commit)');

describe.skipIf(!hasPreCommit)('commits through the pre-commit framework (skipped when pre-commit is not on PATH)', () => {
  it('installs this repository as a hook repository (npm install, npm pack) and refuses only what is staged', () => {
    const work = temporaryDirectory('fluxlint-pre-commit-');
    const hookRepository = path.join(work, 'fluxlint');
    git(work, 'clone', '-q', REPO_ROOT, hookRepository);
    const rev = git(REPO_ROOT, 'rev-parse', 'HEAD').trim();
    // npm takes the packages from its cache (filled by `npm ci`) without asking the registry again.
    const env = { PRE_COMMIT_HOME: path.join(work, 'cache'), PATH: process.env.PATH, npm_config_prefer_offline: 'true' };
    refusesOnlyWhatIsStaged((dir) => {
      writeFileSync(path.join(dir, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepository}\n    rev: ${rev}\n    hooks:\n      - id: fluxlint\n`);
      git(dir, 'add', '.pre-commit-config.yaml');
      git(dir, 'commit', '-q', '--no-verify', '-m', 'pre-commit configuration');
      execFileSync('pre-commit', ['install'], { cwd: dir, env: { ...GIT_ENV, ...env }, stdio: 'ignore' });
    }, env);
  }, 600_000);
});

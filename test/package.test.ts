import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, temporaryDirectory } from './helpers.js';

/**
 * The package as users get it: packed, installed into an empty project from the
 * tarball, and run through the bin symlink with `npx`, exactly as `npx fluxlint`
 * runs after `npm install fluxlint`.
 */
const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n';
const CLEAN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';
const VERSION = (await import('../package.json', { with: { type: 'json' } })).default.version;

let work: string;
let project: string;

beforeAll(() => {
  work = temporaryDirectory('fluxlint-package-');
  // dist/ is built by `npm ci` (prepare); packing without scripts takes that build as it is.
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'))!;
  project = path.join(work, 'project');
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(path.join(project, 'package.json'), '{"name":"user-project","private":true}\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', path.join(work, tarball)], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function npx(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync('npx', ['--no-install', 'fluxlint', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '' } });
  return { code: run.status, stdout: run.stdout.replace(/, \d+ ms\)/g, ', N ms)'), stderr: run.stderr };
}

function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(work, 'repo-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('the installed package, run with npx through its bin symlink', () => {
  it('prints its version', () => {
    expect(npx(['--version'], project)).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('exits with 1 and prints the finding on a repository with an error', () => {
    const run = npx([repository({ 's.yaml': SECRET })], project);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      's.yaml',
      '  6:3  error  Secret "db" holds 1 plaintext value (stringData.password) and is not SOPS-encrypted.  sops/unencrypted-secret',
    ]);
    expect(run.stdout).toContain('✖ 1 error, 0 warnings in 1 file (1 document, N ms)\n');
    expect(run.stdout).not.toContain('hunter2');
  });

  it('exits with 0 on a clean repository', () => {
    expect(npx([repository({ 'cm.yaml': CLEAN })], project)).toEqual({ code: 0, stdout: '✔ 0 errors, 0 warnings in 1 file (1 document, N ms)\n', stderr: '' });
  });

  it('exits with 2 on a path that does not exist', () => {
    expect(npx(['does/not/exist'], project)).toEqual({ code: 2, stdout: '', stderr: 'fluxlint: does/not/exist: no such file or directory\n' });
  });

  it('ships no test, source map or TypeScript file, and the files its start-up reads', () => {
    const installed = path.join(project, 'node_modules', 'fluxlint');
    const listing = execFileSync('find', ['.', '-type', 'f'], { cwd: installed, encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    expect(listing.filter((f) => /\.ts$|\.map$|^\.\/test\/|^\.\/bench\/|^\.\/dist\/bench\//.test(f))).toEqual([]);
    for (const needed of ['./LICENSE', './README.md', './package.json', './dist/src/bin.js', './dist/generated/k8s-validators.cjs', './schemas/fluxlint-config.schema.json']) {
      expect(listing).toContain(needed);
    }
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { RULES } from '../rules/index.js';
import { lint } from '../src/lint.js';
import { helmRelease, HELM_REPOSITORY, lintDir, makeRepo } from './helpers.js';

// A directory named `locked` cannot be listed, as for a user without read permission
// (the tests run as root, who may read anything).
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readdirSync = ((dir: string, options: unknown) => {
    if (path.basename(String(dir)) === 'locked') throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' });
    return fs.readdirSync(dir, options as never);
  }) as typeof fs.readdirSync;
  return { ...fs, readdirSync, default: { ...fs, readdirSync } };
});

const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n';

const described = (result: Awaited<ReturnType<typeof lint>>) =>
  result.diagnostics.map((d) => `${d.ruleId} ${d.location.file}:${d.location.line}:${d.location.column} ${d.message}`);

describe('hostile files in the working tree', () => {
  it('never reads a FIFO: a YAML file, a patch, generator inputs and a kustomization.yaml that are FIFOs are findings, and the rest is linted', async () => {
    const dir = makeRepo({
      's.yaml': SECRET,
      'app/kustomization.yaml': [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        '  - cm.yaml',
        'patches:',
        '  - path: patch.yaml',
        'configMapGenerator:',
        '  - name: settings',
        '    envs:',
        '      - vars.env',
        'secretGenerator:',
        '  - name: creds',
        '    files:',
        '      - token.txt',
        '',
      ].join('\n'),
      'app/cm.yaml': CONFIG_MAP,
      'other/cm.yaml': CONFIG_MAP,
    });
    for (const fifo of ['fifo.yaml', 'app/patch.yaml', 'app/vars.env', 'app/token.txt', 'other/kustomization.yaml']) execFileSync('mkfifo', [path.join(dir, fifo)]);
    expect(described(await lintDir(dir))).toEqual([
      'kustomize/missing-resource app/kustomization.yaml:6:11 Patch "patch.yaml" does not exist.',
      'kustomize/missing-resource app/kustomization.yaml:10:9 Generator file "vars.env" does not exist.',
      'kustomize/missing-resource app/kustomization.yaml:14:9 Generator file "token.txt" does not exist.',
      'fluxlint/unreadable-file app/patch.yaml:1:1 Not linted: it is not a regular file.',
      'fluxlint/unreadable-file fifo.yaml:1:1 Not linted: it is not a regular file.',
      'fluxlint/unreadable-file other/kustomization.yaml:1:1 Not linted: it is not a regular file.',
      'sops/unencrypted-secret s.yaml:6:3 Secret "db" holds 1 plaintext value (stringData.password) and is not SOPS-encrypted.',
    ]);
  });

  it('reports a directory it may not read, and lints the rest', async () => {
    const dir = makeRepo({ 's.yaml': SECRET, 'apps/locked/hidden.yaml': SECRET, 'apps/open/cm.yaml': CONFIG_MAP });
    const result = await lintDir(dir);
    expect(described(result)).toEqual([
      'fluxlint/unreadable-file apps/locked:1:1 Not linted: it is a directory that cannot be read (EACCES).',
      'sops/unencrypted-secret s.yaml:6:3 Secret "db" holds 1 plaintext value (stringData.password) and is not SOPS-encrypted.',
    ]);
    expect(result.repository.files.map((f) => f.source.path)).toEqual(['apps/open/cm.yaml', 's.yaml']);
    expect(result.internalErrors).toEqual([]);
  });

  it('follows a symbolic link only to a file inside the repository', async () => {
    const outside = makeRepo({ 'outside.yaml': SECRET });
    const dir = makeRepo({ 'real/cm.yaml': CONFIG_MAP });
    symlinkSync('real/cm.yaml', path.join(dir, 'link.yaml'));
    symlinkSync(path.join(outside, 'outside.yaml'), path.join(dir, 'out.yaml'));
    symlinkSync('nowhere.yaml', path.join(dir, 'broken.yaml'));
    mkdirSync(path.join(dir, 'linked'));
    symlinkSync('../real', path.join(dir, 'linked', 'dir.yaml'));
    const result = await lintDir(dir);
    expect(described(result)).toEqual([
      'fluxlint/unreadable-file broken.yaml:1:1 Not linted: it is a broken symbolic link.',
      'fluxlint/unreadable-file out.yaml:1:1 Not linted: it is a symbolic link that leads out of the repository.',
    ]);
    expect(result.repository.files.map((f) => f.source.path)).toEqual(['link.yaml', 'real/cm.yaml']);
  });
});

describe('the whole repository is loaded; the targets select the findings', () => {
  const dir = makeRepo({ 'hr.yaml': helmRelease('a: 1'), 'repository.yaml': HELM_REPOSITORY, 'other/s.yaml': SECRET });

  it('a file alone sees the definitions in other files, and only its own findings are reported', async () => {
    const result = await lint({ targets: ['hr.yaml'], root: dir, rules: RULES, cwd: dir });
    expect(described(result)).toEqual(['ess/values-schema hr.yaml:16:5 Unknown field "a" in the values of HelmRelease "matrix/ess".']);
    expect(result.repository.files.map((f) => f.source.path)).toEqual(['hr.yaml', 'other/s.yaml', 'repository.yaml']);
  });

  it('a directory selects the findings below it', async () => {
    const result = await lint({ targets: ['other'], root: dir, rules: RULES, cwd: dir });
    expect(described(result)).toEqual(['sops/unencrypted-secret other/s.yaml:6:3 Secret "db" holds 1 plaintext value (stringData.password) and is not SOPS-encrypted.']);
  });
});

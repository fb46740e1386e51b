import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aliasLimit } from '../rules/yaml/alias-limit.js';
import { main } from '../src/cli.js';
import type { LintResult } from '../src/lint.js';
import { parseYamlFile } from '../src/yaml/file.js';
import { brief, HELM_REPOSITORY, helmRelease, lintDir, makeRepo, sopsBlock } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function lintFiles(files: Record<string, string>): Promise<LintResult> {
  const dir = makeRepo(files);
  dirs.push(dir);
  return lintDir(dir);
}

/** Every finding as "rule file:line:col message". */
function all(result: LintResult): string[] {
  return result.diagnostics.map((d) => `${brief(d)} ${d.message}`);
}

/** Runs the command line with `--root` a repository of these files; returns the exit code and both streams. */
async function cli(argv: string[], files: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = makeRepo(files);
  dirs.push(dir);
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, '--root', dir], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, env: {}, cwd: dir });
  return { code, stdout: stdout.replace(/\d+ ms\)/, 'N ms)'), stderr };
}

/** Ten levels of ten aliases: 10^10 values once expanded, as `key:` below `indent` spaces. */
function laughs(indent: string): string {
  const lines = [`${indent}l0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i < 10; i++) lines.push(`${indent}l${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\ndata:\n  a: "1"\n';
const BOMB_MESSAGE = (alias: string) =>
  `Alias *${alias} makes the document expand to more than 100,000 nodes through aliases (an "alias bomb"); kustomize rejects such aliasing and the document is not linted.`;

describe('alias bombs are measured, never expanded', () => {
  it('in a ConfigMap: one yaml/alias-limit at the alias that passes the limit, and the next document is linted', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${laughs('  ')}\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: plain\n`;
    const result = await lintFiles({ 'cm.yaml': text });
    // Levels 1-3 add 12,330 nodes; each alias of level 4 adds 11,111: its 8th (line 10) passes 100,000.
    expect(all(result)).toEqual([
      `yaml/alias-limit cm.yaml:10:47 ${BOMB_MESSAGE('a3')}`,
      'sops/unencrypted-secret cm.yaml:22:3 Secret "s" holds 1 plaintext value (stringData.password) and is not SOPS-encrypted.',
    ]);
    expect(result.diagnostics[0]!.related.map((r) => `${r.location.line}:${r.location.column} ${r.message}`)).toEqual(['9:11 anchor &a3']);
  });

  it('under a HelmRelease spec.values, also through a kustomization', async () => {
    const release = `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  values:\n${laughs('    ')}\n`;
    const result = await lintFiles({ 'app/hr.yaml': release, 'app/kustomization.yaml': 'resources:\n  - hr.yaml\n  - cm.yaml\n', 'app/cm.yaml': CONFIGMAP });
    expect(all(result)).toEqual([`yaml/alias-limit app/hr.yaml:12:49 ${BOMB_MESSAGE('a3')}`]);
  });

  it('many small aliases within the limit are fine', async () => {
    const entries = Array.from({ length: 200 }, (_, i) => `  - <<: *defaults\n    name: c${i}`).join('\n');
    const text = `defaults: &defaults {image: app, pullPolicy: Always, resources: {limits: {cpu: "1"}}}\nitems:\n${entries}\n`;
    const result = await lintFiles({ 'list.yaml': text });
    expect(all(result)).toEqual([]);
  });
});

describe('an alias inside the value it anchors is a finding, not a crash', () => {
  const cycle = (name: string) =>
    `Alias *${name} is inside the value of its own anchor &${name}: the value would contain itself, and kustomize cannot build it; the document is not linted.`;

  it('in a ConfigMap, a HelmRelease and a sops block', async () => {
    const result = await lintFiles({
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata: &x {a: *x}\n',
      'hr.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  values: &v\n    self: *v\n',
      'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: b\nsops: &s\n  mac: x\n  again: [*s]\n',
    });
    expect(all(result)).toEqual([`yaml/syntax cm.yaml:5:14 ${cycle('x')}`, `yaml/syntax hr.yaml:8:11 ${cycle('v')}`, `yaml/syntax secret.yaml:9:11 ${cycle('s')}`]);
    expect(result.diagnostics[0]!.related.map((r) => `${r.location.line}:${r.location.column} ${r.message}`)).toEqual(['5:10 anchor &x']);
  });

  it('`fluxlint values` names the release as not found instead of failing', async () => {
    const run = await cli(['values', 'apps/app'], {
      'hr.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  values: &v\n    self: *v\n',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('fluxlint: no HelmRelease "apps/app" in the repository\n');
  });
});

describe('per-document work is per-document', () => {
  /** Characters that whole-string searches (`includes`, `indexOf` from the start) look at while linting one file of n documents. */
  async function charactersScanned(documents: number): Promise<number> {
    const text = Array.from({ length: documents }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: v${i}\n`).join('');
    const dir = makeRepo({ 'many.yaml': text });
    dirs.push(dir);
    let scanned = 0;
    const { includes, indexOf } = String.prototype;
    String.prototype.includes = function (this: string, search: string, position?: number) {
      if (position === undefined) scanned += this.length;
      return includes.call(this, search, position);
    };
    String.prototype.indexOf = function (this: string, search: string, position?: number) {
      if (position === undefined) scanned += this.length;
      return indexOf.call(this, search, position);
    };
    try {
      await lintDir(dir);
    } finally {
      Object.assign(String.prototype, { includes, indexOf });
    }
    return scanned;
  }

  it('four times the documents scan about four times the characters, not sixteen', async () => {
    const small = await charactersScanned(300);
    const large = await charactersScanned(1200);
    expect(large / small).toBeLessThan(6);
  });
});

describe('kustomizations that include one another', () => {
  /** n kustomization directories k0 … k(n-1), each including the next and holding one ConfigMap. */
  function chain(n: number): Record<string, string> {
    const files: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      files[`k${i}/kustomization.yaml`] = `resources:\n${i + 1 < n ? `  - ../k${i + 1}\n` : ''}  - cm.yaml\n`;
      files[`k${i}/cm.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`;
    }
    return files;
  }

  it('a chain deeper than 100 is cut with one kustomize/build-error, and the rest is built from where it was cut', async () => {
    const result = await lintFiles(chain(130));
    expect(all(result)).toEqual([
      'kustomize/build-error k99/kustomization.yaml:2:5 "../k100" is not built from here: it would nest more than 100 kustomizations, each including the next (k0 → … → k99); fluxlint builds at most 100 levels.',
    ]);
    expect(result.internalErrors).toEqual([]);
    expect(result.repository.flux.objects.length).toBe(130);
  });

  it('a cycle through directories that nothing else includes is reported, as kustomize reports "cycle detected"', async () => {
    const result = await lintFiles({
      'a/kustomization.yaml': 'resources:\n  - ../b\n  - cm.yaml\n',
      'a/cm.yaml': CONFIGMAP,
      'b/kustomization.yaml': 'resources:\n  - ../a\n',
    });
    expect(all(result)).toEqual(['kustomize/invalid-path b/kustomization.yaml:2:5 Resource "../a" includes itself through a → b → a.']);
    expect(result.repository.flux.objects.map((o) => o.document.source.path)).toEqual(['a/cm.yaml']);
  });
});

describe('an internal error never leaves the summary claiming success', () => {
  it('the stylish summary is followed by a line naming the failed rule, and the exit code is 2', async () => {
    const spy = vi.spyOn(aliasLimit, 'create').mockImplementation(() => {
      throw new Error('boom');
    });
    try {
      const run = await cli([], { 'cm.yaml': CONFIGMAP });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('✔ 0 errors, 0 warnings in 1 file (1 document, N ms)\n✖ Incomplete: 1 rule failed with an internal error (yaml/alias-limit): their findings are missing above.\n');
      expect(run.stderr).toBe('fluxlint: internal error in rule yaml/alias-limit: boom\nfluxlint: run with --debug for the stack trace, and please report it.\n');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('regular expressions from the repository run in linear time (Go syntax, re2js)', () => {
  it('an encrypted_regex that backtracks exponentially in JavaScript, against a long key', async () => {
    const key = `${'a'.repeat(1000)}!`; // a JavaScript RegExp would take 2^1000 steps
    const result = await lintFiles({
      's.sops.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  ${key}: plain\n  aaa: plain\n${sopsBlock('encrypted_regex: ^(a+)+$')}`,
    });
    expect(all(result)).toEqual([
      "sops/partially-encrypted s.sops.yaml:7:3 \"stringData.aaa\" is plaintext, but this file's SOPS settings (encrypted_regex ^(a+)+$) say it must be encrypted.",
    ]);
  });

  it('a path_regex that does not compile in Go is one info', async () => {
    const result = await lintFiles({
      '.sops.yaml': 'creation_rules:\n  - path_regex: secrets/(?!public).*\\.yaml\n    age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n',
      'secrets/a.yaml': CONFIGMAP,
    });
    expect(all(result)).toEqual([
      'sops/unencrypted-secret .sops.yaml:2:17 This path_regex is not a valid Go regular expression (invalid or unsupported Perl syntax: `(?!`): sops --encrypt fails on it, and fluxlint cannot tell which files the rule covers.',
    ]);
    expect(result.diagnostics[0]!.severity).toBe('info');
  });

  it('a patch target name is a whole-string Go regex', async () => {
    const result = await lintFiles({
      'kustomization.yaml': 'resources: [cm.yaml]\npatches:\n  - target: {kind: ConfigMap, name: "(?i)FI.e"}\n    patch: |\n      - {op: add, path: /data/b, value: "2"}\n',
      'cm.yaml': CONFIGMAP,
    });
    expect(all(result)).toEqual([]);
    expect(result.repository.flux.objects[0]!.node.toJSON()).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fine' }, data: { a: '1', b: '2' } });
  });
});

describe('a lone \\r is a line break, as in go-yaml', () => {
  it('a file with old Mac line endings parses, and findings are on its lines', async () => {
    const result = await lintFiles({
      'kustomization.yaml': 'resources:\n  - cm.yaml\n  - s.yaml\n',
      'cm.yaml': 'apiVersion: v1\rkind: ConfigMap\rmetadata:\r  name: cr\rdata:\r  b: |\r    x\r    y\r',
      's.yaml': 'apiVersion: v1\rkind: Secret\rmetadata:\r  name: s\rstringData:\r  password: hunter2\r',
    });
    expect(all(result)).toEqual(['sops/unencrypted-secret s.yaml:6:3 Secret "s" holds 1 plaintext value (stringData.password) and is not SOPS-encrypted.']);
    expect(result.repository.flux.objects[0]!.node.toJSON()).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cr' }, data: { b: 'x\ny\n' } });
    const source = result.repository.file('s.yaml')!.source;
    expect([source.lineCount, source.lineText(6), source.lineText(7)]).toEqual([7, '  password: hunter2', '']);
  });

  it('\\r\\n stays one line break, also next to a lone \\r', () => {
    const source = parseYamlFile('m.yaml', 'a: 1\r\rb: 2\r\nc: 3\n').source;
    expect([1, 2, 3, 4].map((line) => source.lineText(line))).toEqual(['a: 1', '', 'b: 2', 'c: 3']);
    expect(source.position(source.text.indexOf('c'))).toEqual({ line: 4, column: 1 });
  });
});

describe('invalid JSON 6902 patches are reported at their line, and the valid operations applied', () => {
  const kustomization = (patch: string) =>
    `resources: [cm.yaml]\npatches:\n  - target: {kind: ConfigMap, name: fine}\n    patch: |\n${patch
      .split('\n')
      .map((line) => `      ${line}`)
      .join('\n')}\n`;

  it('a failing test, replace without a path, {}, a non-string op and an unknown op', async () => {
    const result = await lintFiles({
      'cm.yaml': CONFIGMAP,
      'kustomization.yaml': kustomization(
        [
          '- {op: add, path: /data/b, value: "2"}',
          '- {op: test, path: /data/a, value: "2"}',
          '- {op: replace, value: x}',
          '- {}',
          '- {op: 42, path: /data/a}',
          '- {op: frobnicate, path: /data/a}',
          '- {op: move, path: /data/z}',
          '- {op: test, path: /data/a, value: "1"}',
          '- {op: add, path: /data/c, value: "3"}',
        ].join('\n'),
      ),
    });
    const stops = 'kustomize stops the build on it.';
    expect(all(result)).toEqual([
      'kustomize/build-error kustomization.yaml:6:9 JSON patch test of "/data/a" fails on ConfigMap "fine": the value there differs, and kustomize stops the build.',
      `kustomize/build-error kustomization.yaml:7:9 JSON patch operation 3 ("replace") has no "path" string; ${stops}`,
      `kustomize/build-error kustomization.yaml:8:9 JSON patch operation 4 has no "op" string (add, remove, replace, move, copy or test); ${stops}`,
      `kustomize/build-error kustomization.yaml:9:14 JSON patch operation 5 has no "op" string (add, remove, replace, move, copy or test); ${stops}`,
      `kustomize/build-error kustomization.yaml:10:14 JSON patch operation 6 has the op "frobnicate", which is not one of add, remove, replace, move, copy, test; ${stops}`,
      `kustomize/build-error kustomization.yaml:11:9 JSON patch operation 7 ("move") has no "from" string; ${stops}`,
    ]);
    expect(result.repository.flux.objects[0]!.node.toJSON()).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fine' }, data: { a: '1', b: '2', c: '3' } });
  });

  it('patch: 42, a JSON patch without a target, and a patchesJson6902 that is not a list', async () => {
    const result = await lintFiles({
      'cm.yaml': CONFIGMAP,
      'kustomization.yaml': [
        'resources: [cm.yaml]',
        'patches:',
        '  - target: {kind: ConfigMap}',
        '    patch: 42',
        '  - patch: |',
        '      - {op: add, path: /data/b, value: "2"}',
        'patchesJson6902:',
        '  - target: {version: v1, kind: ConfigMap, name: fine}',
        '    patch: |',
        '      a: 1',
        '',
      ].join('\n'),
    });
    expect(all(result)).toEqual([
      'kustomize/build-error kustomization.yaml:4:12 "patch" must be a string that holds the patch (YAML or JSON); kustomize rejects the kustomization.',
      'kustomize/build-error kustomization.yaml:6:7 A JSON 6902 patch needs a target (kind, name, …); kustomize stops the build without one.',
      'kustomize/build-error kustomization.yaml:10:7 A JSON 6902 patch must be a list of operations; kustomize cannot parse this one.',
    ]);
  });
});

describe('HelmRelease valuesFrom as helm-controller reads it', () => {
  const release = (valuesFrom: string) =>
    `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  interval: 1h\n  chartRef: {kind: OCIRepository, name: app}\n  valuesFrom:\n${valuesFrom}`;
  const source = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  interval: 1h\n  url: oci://example.org/app\n';
  const configMap = (name: string, data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: apps\ndata:\n${data}`;

  it('targetPath a.b[1].c sets index 1 of the list b, padded with null, as `helm --set`', async () => {
    const files = {
      'hr.yaml': release('    - {kind: ConfigMap, name: one, valuesKey: v, targetPath: "a.b[1].c"}\n    - {kind: ConfigMap, name: one, valuesKey: v, targetPath: "x\\\\.y[0][1]"}\n'),
      'cm.yaml': configMap('one', '  v: "42"\n'),
      'source.yaml': source,
    };
    expect(all(await lintFiles(files))).toEqual([]);
    const run = await cli(['values', 'apps/app', '--format', 'json'], files);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).values).toEqual({ a: { b: [null, { c: 42 }] }, 'x.y': [[null, 42]] });
  });

  it('a targetPath that fits the CRD but that Helm cannot parse is a finding at the targetPath (others are the schema\'s)', async () => {
    const result = await lintFiles({
      'hr.yaml': release('    - {kind: ConfigMap, name: one, valuesKey: v, targetPath: a..b}\n    - {kind: ConfigMap, name: one, valuesKey: v, targetPath: "a[x]"}\n'),
      'cm.yaml': configMap('one', '  v: "42"\n'),
      'source.yaml': source,
    });
    expect(all(result)).toEqual([
      'flux/invalid-values hr.yaml:10:62 targetPath "a..b" is not a path Helm can set: an empty key; helm-controller fails HelmRelease "apps/app" on it.',
      'k8s/schema hr.yaml:11:62 "spec.valuesFrom[1].targetPath" in HelmRelease "apps/app" must be a Helm --set path such as "a.b[0].c", not a string ("a[x]").',
    ]);
  });

  it('a values key that is not YAML, or a list, is a finding at the key; `fluxlint values` names the layer as not read', async () => {
    const files = {
      'hr.yaml': release('    - {kind: ConfigMap, name: list}\n    - {kind: ConfigMap, name: broken}\n    - {kind: Secret, name: creds}\n'),
      'cm.yaml': `${configMap('list', '  values.yaml: |\n    - a\n    - b\n')}---\n${configMap('broken', '  values.yaml: |\n    a: b: c\n')}`,
      'source.yaml': source,
      'secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: apps\ndata:\n  values.yaml: ${Buffer.from('just-text').toString('base64')}\n`,
    };
    const result = await lintFiles(files);
    const fails = 'helm-controller fails HelmRelease "apps/app" on it.';
    expect(all(result).filter((f) => f.startsWith('flux/'))).toEqual([
      `flux/invalid-values cm.yaml:7:3 ConfigMap "apps/list" key "values.yaml" holds a list, not a mapping of values; ${fails}`,
      `flux/invalid-values cm.yaml:17:3 ConfigMap "apps/broken" key "values.yaml" is not valid YAML; ${fails}`,
      `flux/invalid-values secret.yaml:7:3 Secret "apps/creds" key "values.yaml" holds a single value, not a mapping of values; ${fails}`,
    ]);
    expect(result.diagnostics[1]!.related.map((r) => `${r.location.file}:${r.location.line}:${r.location.column} ${r.message}`)).toEqual([
      'cm.yaml:18:8 here',
      'hr.yaml:11:7 read by HelmRelease "apps/app"',
    ]);
    const run = await cli(['values', 'apps/app'], files);
    expect(run.stdout).toBe(
      [
        '# Effective values of HelmRelease apps/app, merged from:',
        '# ConfigMap list [values.yaml] (hr.yaml:10): not read, ConfigMap "apps/list" key "values.yaml" holds a list, not a mapping of values',
        '# ConfigMap broken [values.yaml] (hr.yaml:11): not read, ConfigMap "apps/broken" key "values.yaml" is not valid YAML',
        '# Secret creds [values.yaml] (hr.yaml:12): not read, Secret "apps/creds" key "values.yaml" holds a single value, not a mapping of values',
        '{}',
        '',
      ].join('\n'),
    );
  });
});

describe('a chart values schema given in the configuration: patterns are Go, matched in linear time', () => {
  const configured = (schema: object, serverName: string) => ({
    'hr.yaml': helmRelease(`serverName: ${serverName}`),
    'repository.yaml': HELM_REPOSITORY,
    'schema.json': JSON.stringify({ type: 'object', properties: { serverName: { type: 'string', pattern: (schema as { pattern: string }).pattern } } }),
    '.fluxlint.yaml': 'ess:\n  valuesSchemas:\n    "26": schema.json\n',
  });
  const schemaFindings = (result: LintResult) => all(result).filter((f) => f.startsWith('ess/values-schema'));

  it('a pattern that backtracks exponentially in JavaScript', async () => {
    const result = await lintFiles(configured({ pattern: '^(a+)+$' }, `${'a'.repeat(1000)}!`));
    expect(schemaFindings(result)).toEqual(['ess/values-schema hr.yaml:16:17 "serverName" in the values of HelmRelease "matrix/ess" must be a string matching ^(a+)+$, not a string ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…").']);
  });

  it('a pattern Go cannot compile makes the schema unusable, said once', async () => {
    const result = await lintFiles(configured({ pattern: '^(?=a)' }, 'a'));
    expect(schemaFindings(result)).toEqual([
      `ess/values-schema hr.yaml:11:16 cannot use the values schema ${path.join(result.repository.root, 'schema.json')}: the pattern "^(?=a)" is not a valid Go regular expression (invalid or unsupported Perl syntax: \`(?=\`)`,
    ]);
  });
});

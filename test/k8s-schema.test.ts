import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { schema as rule } from '../rules/k8s/schema.js';
import { pathText } from '../rules/shared/schema-findings.js';
import type { Diagnostic } from '../src/diagnostic.js';
import { discover } from '../src/discover/discover.js';
import { Config } from '../src/engine/config.js';
import { runRules } from '../src/engine/run.js';
import { loadRepository, type Repository } from '../src/model/repository.js';
import { DiskTree } from '../src/discover/tree.js';
import { standaloneValidatorsCode } from '../src/schemas/compile-validators.js';
import { generateSchemaFiles } from '../src/schemas/generate.js';
import { problemsOf, withoutNulls } from '../src/schemas/problems.js';
import {
  AJV_OPTIONS,
  compileValidators,
  fromModuleExports,
  K8S_SCHEMA_DIR,
  k8sValidators,
  loadGeneratedValidators,
  loadValidators,
  readSchemaIndex,
  type K8sValidators,
} from '../src/schemas/validators.js';
import { CORPUS, CORPUS_REPOSITORIES, corpusDirectories, sharedAvailable } from './corpus.js';
import { FIXTURES, temporaryDirectory } from './helpers.js';

const K8S = path.join(FIXTURES, 'k8s');

/** Lints a directory as its own repository with this rule only (it is not registered yet). */
async function lintWithRule(dir: string) {
  const tree = new DiskTree(dir);
  const found = await discover(tree, []);
  const repository = await loadRepository(tree, found.files, found.skipped);
  return { repository, ...runRules(repository, [rule], new Config()) };
}

const line = (d: Diagnostic) => `${d.ruleId} ${d.location.file}:${d.location.line}:${d.location.column} ${d.message}`;

/** Every object of a repository that has a schema, as "Kind apiVersion". */
function validated(repository: Repository, validators: K8sValidators = k8sValidators()): string[] {
  return repository.resources
    .filter((r) => validators.has(r.apiVersion, r.kind) && r.document.toJS() !== undefined)
    .map((r) => `${r.kind} ${r.apiVersion}`);
}

describe('k8s/schema on valid objects', () => {
  it('accepts a realistic example of every kind it has a schema for', async () => {
    const result = await lintWithRule(path.join(K8S, 'valid'));
    expect(result.internalErrors).toEqual([]);
    expect(result.diagnostics.map(line)).toEqual([]);
    const kinds = new Set(validated(result.repository));
    expect([...kinds].sort()).toEqual(readSchemaIndex().map((e) => `${e.kind} ${e.apiVersion}`).sort());
    expect(kinds.size).toBe(16);
  });

  it('takes Flux ${VAR} placeholders for the numbers, booleans, enums, durations and URLs they will become', async () => {
    const result = await lintWithRule(path.join(K8S, 'placeholders'));
    expect(result.internalErrors).toEqual([]);
    expect(validated(result.repository)).toHaveLength(6);
    expect(result.diagnostics.map(line)).toEqual([]);
  });

  it('skips kinds and apiVersions without a schema silently', async () => {
    const result = await lintWithRule(path.join(K8S, 'skipped'));
    expect(result.repository.resources.map((r) => `${r.kind} ${r.apiVersion}`)).toEqual([
      'Deployment apps/v1',
      'HelmRelease helm.toolkit.fluxcd.io/v2beta1',
      'Widget example.com/v1alpha1',
      'List v1',
    ]);
    expect(result.diagnostics.map(line)).toEqual([]);
  });

  it('says to use chartRef where a HelmRelease names an OCIRepository as its chart source, not the nearest allowed kind', async () => {
    const dir = temporaryDirectory();
    writeFileSync(path.join(dir, 'hr.yaml'), 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: app\n      sourceRef:\n        kind: OCIRepository\n        name: app\n');
    const result = await lintWithRule(dir);
    expect(result.diagnostics.map((d) => [line(d), d.fix])).toEqual([
      [
        'k8s/schema hr.yaml:12:15 "spec.chart.spec.sourceRef.kind" in HelmRelease "apps/app" must be one of "HelmRepository", "GitRepository", "Bucket", not a string ("OCIRepository"); a chart in an OCIRepository is referenced with spec.chartRef.',
        'Replace spec.chart with spec.chartRef: {kind: OCIRepository, name: <its name>} (the chart version is the OCIRepository tag).',
      ],
    ]);
  });

  it('checks kustomize patches for unknown fields, not for the fields they leave to the base', async () => {
    const result = await lintWithRule(path.join(K8S, 'patches'));
    expect(result.diagnostics.map(line)).toEqual([
      'k8s/schema production/values.yaml:9:3 Unknown field "spec.valuesfrom" in HelmRelease "podinfo"; did you mean "valuesFrom"?',
    ]);
  });
});

describe('k8s/schema on invalid objects', async () => {
  const result = await lintWithRule(path.join(K8S, 'invalid'));
  const byFile = (file: string) => result.diagnostics.filter((d) => d.location.file === file).map(line);

  it('runs without internal errors, and finds something in every file, each asserted exactly below', () => {
    expect(result.internalErrors).toEqual([]);
    expect([...new Set(result.diagnostics.map((d) => d.location.file))].sort()).toEqual(['cert-manager.yaml', 'core.yaml', 'helmrelease.yaml', 'ks.yaml', 'secret.yaml', 'sources.yaml']);
    expect(result.diagnostics.every((d) => d.ruleId === 'k8s/schema')).toBe(true);
  });

  it('HelmRelease: unknown field with a suggestion, wrong types, bad enum and pattern, missing fields, unions', () => {
    expect(byFile('helmrelease.yaml')).toEqual([
      'k8s/schema helmrelease.yaml:7:13 "spec.interval" in HelmRelease "apps/podinfo" must be a duration such as "30s", "10m" or "1h30m" (units ms, s, m, h), not a string ("10 minutes").',
      'k8s/schema helmrelease.yaml:9:5 Missing required field "spec.chart.spec.sourceRef" in HelmRelease "apps/podinfo".',
      'k8s/schema helmrelease.yaml:11:16 "spec.chart.spec.version" in HelmRelease "apps/podinfo" must be a string, not a number (6.10).',
      'k8s/schema helmrelease.yaml:12:7 Unknown field "spec.chart.spec.sourceref" in HelmRelease "apps/podinfo"; did you mean "sourceRef"?',
      'k8s/schema helmrelease.yaml:16:11 "spec.install.crds" in HelmRelease "apps/podinfo" must be one of "Skip", "Create", "CreateReplace", not a string ("CreateOrReplace"); did you mean "CreateReplace"?',
      'k8s/schema helmrelease.yaml:18:16 "spec.install.remediation.retries" in HelmRelease "apps/podinfo" must be an integer, not a string ("3").',
      'k8s/schema helmrelease.yaml:21:16 "spec.upgrade.remediation.retries" in HelmRelease "apps/podinfo" must be an integer, not a string ("three").',
      // A placeholder can become a scalar, never a mapping.
      'k8s/schema helmrelease.yaml:22:13 "spec.rollback" in HelmRelease "apps/podinfo" must be a mapping, not a string ("${ROLLBACK}").',
      'k8s/schema helmrelease.yaml:24:7 Missing required field "spec.valuesFrom[0].kind" in HelmRelease "apps/podinfo".',
      'k8s/schema helmrelease.yaml:35:16 "spec.releaseName" in HelmRelease "apps/both" must be at most 53 characters long.',
      'k8s/schema helmrelease.yaml:37:5 Unknown field "spec.chart.interval" in HelmRelease "apps/both".',
      'k8s/schema helmrelease.yaml:41:3 "spec" in HelmRelease "apps/both" takes only one of "chart" or "chartRef"; it has "chart" and "chartRef".',
      'k8s/schema helmrelease.yaml:50:1 "spec" in HelmRelease "apps/neither" needs one of "chart" or "chartRef"; it has none.',
    ]);
  });

  it('Flux Kustomization and sources', () => {
    expect(byFile('ks.yaml')).toEqual([
      'k8s/schema ks.yaml:6:1 Missing required field "spec.prune" in Kustomization "flux-system/apps".',
      'k8s/schema ks.yaml:10:11 "spec.sourceRef.kind" in Kustomization "flux-system/apps" must be one of "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact", not a string ("GitRepo"); did you mean "GitRepository"?',
      'k8s/schema ks.yaml:14:17 "spec.postBuild.substitute.REPLICAS" in Kustomization "flux-system/apps" must be a string, not a number (3).',
      'k8s/schema ks.yaml:17:7 Missing required field "spec.healthChecks[0].name" in Kustomization "flux-system/apps".',
      'k8s/schema ks.yaml:19:9 "spec.wait" in Kustomization "flux-system/apps" must be a boolean, not a string ("true").',
      'k8s/schema ks.yaml:20:3 Unknown field "spec.targetNamespce" in Kustomization "flux-system/apps"; did you mean "targetNamespace"?',
    ]);
    expect(byFile('sources.yaml')).toEqual([
      'k8s/schema sources.yaml:8:8 "spec.url" in GitRepository "flux-system/fleet" must be an http://, https:// or ssh:// URL, not a string ("git@github.com:example/fleet.git").',
      'k8s/schema sources.yaml:11:12 "spec.timeout" in GitRepository "flux-system/fleet" must be a duration such as "60s" or "5m" (units ms, s, m), not a string ("1h").',
      'k8s/schema sources.yaml:20:8 "spec.url" in OCIRepository "flux-system/manifests" must be an oci:// URL, not a string ("https://ghcr.io/example/manifests").',
      // No spec at all: reported at the object's kind.
      'k8s/schema sources.yaml:25:1 Missing required field "spec" in HelmRepository "flux-system/charts".',
    ]);
  });

  it('core kinds', () => {
    expect(byFile('core.yaml')).toEqual([
      'k8s/schema core.yaml:5:3 Unknown field "metadata.label" in Namespace "apps"; did you mean "labels"?',
      'k8s/schema core.yaml:8:15 "spec.finalizers" in Namespace "apps" must be a list, not a string ("kubernetes").',
      'k8s/schema core.yaml:16:14 "metadata.labels.enabled" in ConfigMap "apps/settings" must be a string, not a boolean (true).',
      'k8s/schema core.yaml:18:9 "data.PORT" in ConfigMap "apps/settings" must be a string, not a number (8080).',
      'k8s/schema core.yaml:27:9 "spec.type" in Service "apps/web" must be one of "ClusterIP", "NodePort", "LoadBalancer", "ExternalName", not a string ("ClusterIp"); did you mean "ClusterIP"?',
      'k8s/schema core.yaml:31:19 "spec.ports[0].targetPort" in Service "apps/web" must be an integer or a string, not a boolean (true).',
      'k8s/schema core.yaml:32:17 "spec.ports[0].protocol" in Service "apps/web" must be one of "TCP", "UDP", "SCTP", not a string ("tcp"); did you mean "TCP"?',
      'k8s/schema core.yaml:39:31 "automountServiceAccountToken" in ServiceAccount "apps/web" must be a boolean, not a string ("false").',
      'k8s/schema core.yaml:51:13 Missing required field "spec.rules[0].http.paths[0].pathType" in Ingress "apps/web".',
      'k8s/schema core.yaml:57:19 "spec.rules[0].http.paths[0].backend.service.port" in Ingress "apps/web" takes only one of "name" or "number"; it has "name" and "number".',
    ]);
  });

  it('cert-manager kinds', () => {
    expect(byFile('cert-manager.yaml')).toEqual([
      'k8s/schema cert-manager.yaml:6:1 Missing required field "spec.issuerRef" in Certificate "apps/web".',
      'k8s/schema cert-manager.yaml:8:13 "spec.duration" in Certificate "apps/web" must be a Go duration such as "2160h" or "1h30m" (units ns, us, ms, s, m, h; no days), not a string ("90d").',
      'k8s/schema cert-manager.yaml:9:13 "spec.dnsNames" in Certificate "apps/web" must be a list, not a string ("web.example.org").',
      'k8s/schema cert-manager.yaml:11:7 "spec.usages[0]" in Certificate "apps/web" must be one of "signing", "digital signature", "content commitment", "key encipherment", "key agreement", "data encipherment", "cert sign", "crl sign", "encipher only", "decipher only", "any", "server auth", …, not a string ("server-auth"); did you mean "server auth"?',
      'k8s/schema cert-manager.yaml:13:16 "spec.privateKey.algorithm" in Certificate "apps/web" must be one of "RSA", "ECDSA", "Ed25519", not a string ("ecdsa"); did you mean "ECDSA"?',
      'k8s/schema cert-manager.yaml:21:3 "spec" in ClusterIssuer "letsencrypt" takes only one of "acme", "ca", "selfSigned", "vault" or "venafi"; it has "acme" and "selfSigned".',
      'k8s/schema cert-manager.yaml:27:11 Unknown field "spec.acme.solvers[0].dns01.clouflare" in ClusterIssuer "letsencrypt"; did you mean "cloudflare"?',
    ]);
  });

  it('never shows a value of a Secret, only its type', () => {
    expect(byFile('secret.yaml')).toEqual([
      'k8s/schema secret.yaml:8:13 "data.password" in Secret "apps/db" must be base64-encoded data (use stringData for plain text), not a string.',
      'k8s/schema secret.yaml:10:9 "stringData.port" in Secret "apps/db" must be a string, not a number.',
      'k8s/schema secret.yaml:12:5 "stringData.user" in Secret "apps/db" must be a string, not a mapping.',
    ]);
    const text = JSON.stringify(result.diagnostics.filter((d) => d.location.file === 'secret.yaml'));
    for (const value of ['hunter2', '5432', 'admin']) expect(text).not.toContain(value);
  });

  it('marks the whole offending key or value', () => {
    const at = (file: string, lineNo: number) => result.diagnostics.find((d) => d.location.file === file && d.location.line === lineNo)!.location;
    expect(at('helmrelease.yaml', 12)).toMatchObject({ column: 7, endLine: 12, endColumn: 16 }); // sourceref
    expect(at('helmrelease.yaml', 7)).toMatchObject({ column: 13, endLine: 7, endColumn: 23 }); // 10 minutes
    expect(at('core.yaml', 51)).toMatchObject({ column: 13, endLine: 57, endColumn: 29 }); // the path item that lacks pathType
  });

  it('says how to fix it', () => {
    const fix = (file: string, lineNo: number) => result.diagnostics.find((d) => d.location.file === file && d.location.line === lineNo)!.fix;
    expect(fix('helmrelease.yaml', 12)).toBe('Rename it to "sourceRef".');
    expect(fix('helmrelease.yaml', 11)).toBe('Quote the value so that YAML reads it as a string.');
    expect(fix('helmrelease.yaml', 18)).toBe('Remove the quotes.');
    expect(fix('helmrelease.yaml', 16)).toBe('Use "CreateReplace".');
    expect(fix('helmrelease.yaml', 37)).toBe('"interval" belongs in "spec.chart.spec"; check its indentation.');
    expect(fix('helmrelease.yaml', 9)).toBe('Add "sourceRef" to "spec.chart.spec".');
    expect(fix('sources.yaml', 25)).toBe('Add "spec".');
  });
});

describe('k8s/schema details', () => {
  it('names paths the way they are written', () => {
    expect(pathText(['spec', 'valuesFrom', 0, 'kind'])).toBe('spec.valuesFrom[0].kind');
    expect(pathText(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(pathText([])).toBe('');
  });

  it('reads values through anchors, aliases and merge keys, and points where they were written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fluxlint-k8s-'));
    writeFileSync(
      path.join(dir, 'release.yaml'),
      [
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'metadata:',
        '  name: anchors',
        'spec:',
        '  interval: 1h',
        '  install: &defaults',
        '    timeout: 5 min',
        '  upgrade:',
        '    <<: *defaults',
        '    force: true',
        '  chart:',
        '    spec:',
        '      chart: app',
        '      sourceRef: { kind: HelmRepository, name: charts }',
        '  values:',
        '    empty:',
        '  suspend:',
        '',
      ].join('\n'),
    );
    const result = await lintWithRule(dir);
    // The bad timeout is reported once per object that uses it, each time where it is written.
    expect(result.diagnostics.map(line)).toEqual([
      'k8s/schema release.yaml:8:14 "spec.install.timeout" in HelmRelease "anchors" must be a duration such as "30s", "10m" or "1h30m" (units ms, s, m, h), not a string ("5 min").',
      'k8s/schema release.yaml:8:14 "spec.upgrade.timeout" in HelmRelease "anchors" must be a duration such as "30s", "10m" or "1h30m" (units ms, s, m, h), not a string ("5 min").',
    ]);
  });

  it('leaves the templates of a Helm chart alone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fluxlint-k8s-'));
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  ports:\n    - port: {{ .Values.port }}\n';
    mkdirSync(path.join(dir, 'charts/app/templates'), { recursive: true });
    writeFileSync(path.join(dir, 'charts/app/Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 1.0.0\n');
    writeFileSync(path.join(dir, 'charts/app/templates/service.yaml'), service);
    writeFileSync(path.join(dir, 'service.yaml'), service);
    const result = await lintWithRule(dir);
    expect(result.diagnostics.map(line)).toEqual([
      'k8s/schema service.yaml:4:9 "metadata.name" in Service "(unnamed)" must be a string, not a mapping.',
      'k8s/schema service.yaml:7:13 "spec.ports[0].port" in Service "(unnamed)" must be an integer, not a mapping.',
    ]);
  });

  it('folds Ajv error cascades into one problem each', () => {
    const validators = compileValidators();
    const problems = (value: Record<string, unknown>, patch = false) =>
      problemsOf(validators.validate('helm.toolkit.fluxcd.io/v2', 'HelmRelease', value)!, value, validators.schema('helm.toolkit.fluxcd.io/v2', 'HelmRelease')!, { patch });
    const base = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'a' } };
    // A number for an enum: the type error only, not also the enum error.
    expect(problems({ ...base, spec: { interval: '1m', chartRef: { kind: 'OCIRepository', name: 'a' }, install: { crds: 3 } } })).toEqual([
      { kind: 'type', path: ['spec', 'install', 'crds'], expected: ['string'] },
    ]);
    // A union: one problem, not one per branch plus the union.
    expect(problems({ ...base, spec: { interval: '1m', kubeConfig: {} } })).toEqual([
      { kind: 'exactlyOne', path: ['spec', 'kubeConfig'], fields: ['configMapRef', 'secretRef'], present: [] },
      { kind: 'exactlyOne', path: ['spec'], fields: ['chart', 'chartRef'], present: [] },
    ]);
    // In a patch, fields left out are not missing; unknown fields and strategic-merge directives are told apart.
    expect(problems({ ...base, spec: { valuesfrom: [], $patch: 'replace' } }, true)).toEqual([
      { kind: 'unknown', path: ['spec'], key: 'valuesfrom', allowed: expect.arrayContaining(['valuesFrom']) },
    ]);
    // Unresolved values are any scalar, but not a mapping.
    expect(problems({ ...base, spec: { interval: '${I}', suspend: '${S}', maxHistory: 'ENC[AES256_GCM,data:Mw==,type:int]', chartRef: '${REF}' } })).toEqual([
      { kind: 'type', path: ['spec', 'chartRef'], expected: ['object'] },
    ]);
  });

  it('reports the closest branch of a union of schemas', () => {
    const schema = {
      type: 'object',
      properties: { port: { oneOf: [{ type: 'integer' }, { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false }] } },
    };
    const validate = new Ajv(AJV_OPTIONS).compile(schema);
    const value = { port: { name: 80 } };
    expect(validate(value)).toBe(false);
    expect(problemsOf(validate.errors!, value, schema)).toEqual([{ kind: 'type', path: ['port', 'name'], expected: ['string'] }]);
  });

  it('drops null values as Kubernetes does', () => {
    expect(withoutNulls({ a: null, b: { c: null, d: 1 }, e: [null, 1] })).toEqual({ b: { d: 1 }, e: [null, 1] });
  });
});

describe('the schemas in schemas/k8s', () => {
  it('are generated from the definitions in src/schemas/definitions (run `npm run schemas`)', () => {
    const expected = generateSchemaFiles();
    const onDisk = (readdirSync(K8S_SCHEMA_DIR, { recursive: true, encoding: 'utf8' }) as string[])
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(onDisk).toEqual([...expected.keys()].sort());
    for (const [file, text] of expected) expect(readFileSync(path.join(K8S_SCHEMA_DIR, file), 'utf8'), file).toBe(text);
  });

  it('close every object that is not free-form', () => {
    const open: string[] = [];
    for (const entry of readSchemaIndex()) {
      const walk = (node: unknown, where: string) => {
        if (!node || typeof node !== 'object') return;
        const schema = node as Record<string, unknown>;
        if (schema.properties && schema.additionalProperties !== false) open.push(`${entry.file}${where}`);
        for (const [key, child] of Object.entries(schema)) {
          if (key === 'properties' || key === 'definitions') {
            for (const [name, sub] of Object.entries(child as object)) walk(sub, `${where}/${key}/${name}`);
          } else if (key === 'items' || key === 'additionalProperties') walk(child, `${where}/${key}`);
        }
      };
      walk(JSON.parse(readFileSync(path.join(K8S_SCHEMA_DIR, entry.file), 'utf8')), '#');
    }
    expect(open).toEqual([]);
  });
});

describe('validators compiled ahead of time (Ajv standalone) and in-process', () => {
  const compiled = compileValidators();
  const code = standaloneValidatorsCode();
  const generated = evaluate(code);

  it('load from the sources by compiling, and from a generated module', () => {
    expect(loadValidators('compiled').source).toBe('compiled');
    expect(k8sValidators()).toBe(k8sValidators());
    expect(k8sValidators().source).toBe('compiled');
    expect(generated.source).toBe('generated');
    // The module as the build writes it, loaded the way a run loads it (runtime helpers resolved absolutely here).
    const require = createRequire(import.meta.url);
    const file = path.join(temporaryDirectory('fluxlint-validators-'), 'k8s-validators.cjs');
    writeFileSync(file, code.replace(/require\("(ajv\/[^"]+)"\)/g, (_m, id: string) => `require(${JSON.stringify(require.resolve(id))})`));
    const fromFile = loadGeneratedValidators(file);
    expect(fromFile.entries.length).toBe(16);
    expect(fromFile.validate('v1', 'Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } })).toEqual([]);
  });

  it('give the same verdicts on every fixture object and variants of them', async () => {
    let objects = 0;
    for (const dir of ['valid', 'invalid', 'placeholders', 'patches']) {
      const { repository } = await lintWithRule(path.join(K8S, dir));
      for (const resource of repository.resources) {
        const value = withoutNulls(resource.document.toJS());
        for (const variant of variants(value)) {
          expect(generated.validate(resource.apiVersion, resource.kind, variant)).toEqual(compiled.validate(resource.apiVersion, resource.kind, variant));
          objects++;
        }
      }
    }
    expect(objects).toBeGreaterThan(150);
  });

  it('give different verdicts for different objects (the comparison is not vacuous)', () => {
    const valid = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } };
    expect(generated.validate('v1', 'Namespace', valid)).toEqual([]);
    expect(generated.validate('v1', 'Namespace', { ...valid, spec: 1 })).toHaveLength(1);
    expect(generated.validate('v1', 'Deployment', valid)).toBeNull();
  });
});

/** The validators of standalone code, evaluated as the CommonJS module it is. */
function evaluate(code: string): K8sValidators {
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', code)(createRequire(import.meta.url), module, module.exports);
  return fromModuleExports(module.exports);
}

/** The object, and copies with one field renamed, retyped or removed at each level. */
function variants(value: unknown): unknown[] {
  const out: unknown[] = [value];
  const visit = (node: unknown, replace: (v: unknown) => unknown, depth: number) => {
    if (!node || typeof node !== 'object' || Array.isArray(node) || depth > 4) return;
    const entries = Object.entries(node);
    const first = entries[0];
    if (!first) return;
    const [key, child] = first;
    const rest = Object.fromEntries(entries.slice(1));
    out.push(replace({ ...rest, [`${key}x`]: child }));
    out.push(replace({ ...rest, [key]: typeof child === 'string' ? 42 : 'text' }));
    out.push(replace(rest));
    for (const [k, c] of entries) visit(c, (v) => replace({ ...(node as object), [k]: v }), depth + 1);
  };
  visit(value, (v) => v, 0);
  return out;
}

const available = sharedAvailable(CORPUS);

describe('k8s/schema on the corpus of real Flux repositories', () => {
  /**
   * No finding anywhere: every object of these kinds in the corpus matches its schema
   * (the kustomize patches in the two Flux examples lack required fields on purpose and
   * are recognised as patches). How many objects each repository has is the snapshot's
   * business, not a property of fluxlint, so it is not pinned here.
   */
  let generated: K8sValidators | undefined;
  const compiled = k8sValidators();

  it.runIf(available)('has the repositories this test expects', () => {
    expect(corpusDirectories()).toEqual(CORPUS_REPOSITORIES);
  });

  for (const name of CORPUS_REPOSITORIES) {
    it.runIf(available)(`validates ${name} with exactly the expected findings, and the same verdicts from both compilations`, async () => {
      const result = await lintWithRule(path.join(CORPUS, name));
      expect(result.internalErrors).toEqual([]);
      expect(result.diagnostics.map(line)).toEqual([]);
      generated ??= evaluate(standaloneValidatorsCode());
      for (const resource of result.repository.resources) {
        if (!compiled.has(resource.apiVersion, resource.kind) || resource.document.toJS() === undefined) continue;
        const value = withoutNulls(resource.document.toJS());
        expect(generated.validate(resource.apiVersion, resource.kind, value)).toEqual(compiled.validate(resource.apiVersion, resource.kind, value));
      }
    });
  }
});

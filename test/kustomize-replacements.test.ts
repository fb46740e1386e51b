import { describe, expect, it } from 'vitest';
import { splitFieldPath } from '../src/model/kustomize/field-path.js';
import { findings, lintDir, makeRepo } from './helpers.js';
import { buildCase, json, origin, problems } from './kustomize-fixtures.js';

/**
 * kustomize `replacements` on fixtures/kustomize/replacements/. Every expected
 * object is what `kubectl kustomize --load-restrictor=LoadRestrictionsNone`
 * (kustomize v5.5.0) prints for the directory, and every build problem is one
 * where kubectl fails, with its reason quoted.
 */

const FLUX_KUSTOMIZATION = (name: string, path: string) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name, namespace: 'observability' },
  spec: { interval: '1h', path, prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, targetNamespace: 'observability' },
});

describe('replacements', () => {
  it('copies the Namespace of a component into every Flux Kustomization (a path to a shared list, create: true), pointing at the namespace field', async () => {
    const built = await buildCase('replacements', 'apps/flux-system');
    expect(problems(built.build)).toEqual([]);
    expect(json(built.build)).toEqual([
      FLUX_KUSTOMIZATION('grafana', './apps/grafana'),
      FLUX_KUSTOMIZATION('grafana-dashboards', './apps/grafana-dashboards'),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'observability' } },
    ]);
    // The Namespace's name is the kustomization's `namespace:`, so the copies are written there.
    expect(origin(built, 'Kustomization', 'grafana', ['spec', 'targetNamespace'])).toBe('apps/flux-system/kustomization.yaml:3:12');
    expect(origin(built, 'Kustomization', 'grafana-dashboards', ['spec', 'targetNamespace'])).toBe('apps/flux-system/kustomization.yaml:3:12');
  });

  it('follows list matches, wildcards, indexes, delimiters, escaped dots, rejects and label selectors, and types the values as kustomize writes them', async () => {
    const built = await buildCase('replacements', 'fields');
    expect(problems(built.build)).toEqual([]);
    expect(json(built.build)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', annotations: { 'example.com/version': '1.4.2' } },
        // `port` was the string "0": the number 8080 goes in as the string "8080".
        data: { replicas: '3', logLevel: 'debug', region: 'eu-west', host: 'api.eu-west.example.com', port: '8080', minReady: '10', version: '1.4.2' },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', labels: { tier: 'backend' } },
        // `replicas` was the number 1: the string "3" goes in as the number 3.
        spec: {
          replicas: 3,
          template: {
            spec: {
              containers: [
                { name: 'api', image: 'ghcr.io/example/api:1.4.2', ports: [{ containerPort: 8080 }], env: [{ name: 'LOG_LEVEL', value: 'debug' }], resources: { limits: { memory: '256Mi' } } },
                { name: 'sidecar', image: 'ghcr.io/example/proxy:2.0.0', env: [{ name: 'LOG_LEVEL', value: 'debug' }] },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'worker', labels: { tier: 'backend' } },
        // Rejected for `replicas`; a created `minReadySeconds` is written plain, so "10" is the number 10.
        spec: {
          replicas: 1,
          template: { spec: { containers: [{ name: 'worker', image: 'ghcr.io/example/worker:1.4.2', env: [{ name: 'LOG_LEVEL', value: 'debug' }], resources: { limits: { memory: '256Mi' } } }] } },
          minReadySeconds: 10,
        },
      },
    ]);
    // Each copy points at the value it came from; a part cut by a delimiter at the field it was cut from.
    expect(origin(built, 'Deployment', 'api', ['spec', 'replicas'])).toBe('fields/settings.yaml:6:13');
    expect(origin(built, 'ConfigMap', 'settings', ['data', 'version'])).toBe('fields/api.yaml:13:18');
    expect(origin(built, 'Deployment', 'worker', ['spec', 'template', 'spec', 'containers', 0, 'env', 0, 'value'])).toBe('fields/settings.yaml:7:13');
    expect(origin(built, 'Deployment', 'worker', ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'memory'])).toBe('fields/api.yaml:21:23');
  });

  it('selects a source by the name and namespace it had before namespace and namePrefix (each recorded), and copies the name they give it', async () => {
    const built = await buildCase('replacements', 'previous-id');
    expect(problems(built.build)).toEqual([]);
    expect(json(built.build)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'home-app-config', namespace: 'media' }, data: { mode: 'fast' } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'home-app', namespace: 'media', annotations: { mode: 'fast' } },
        spec: { template: { spec: { volumes: [{ name: 'config', configMap: { name: 'home-app-config' } }] } } },
      },
    ]);
  });

  it.each([
    ['no-source', 'invalid errors/no-source/kustomization.yaml:8:13 The replacement source (kind: ConfigMap, name: setings) selects no object of this build; kustomize build fails ("nothing selected"): check its kind, name and namespace.'],
    ['two-sources', 'invalid errors/two-sources/kustomization.yaml:7:7 The replacement source (kind: ConfigMap) selects 2 objects (ConfigMap "settings", ConfigMap "other"); kustomize build fails ("multiple matches"): name the one to copy from.'],
    ['no-value', 'invalid errors/no-value/kustomization.yaml:9:18 The replacement source ConfigMap "settings" has no value at data.speed; kustomize build fails ("fieldPath is missing for replacement source").'],
    ['no-field', 'invalid errors/no-field/kustomization.yaml:14:13 The replacement target Deployment "app" has no field metadata.annotations.mode; kustomize build fails ("unable to find field"): fix the path, or set `options.create: true` to add it.'],
    ['both', 'invalid errors/both/kustomization.yaml:6:5 A replacement entry has both `path` and an inline source or targets; kustomize build fails ("cannot specify both path and inline replacement"): keep one.'],
  ])('reports where kubectl kustomize fails: %s', async (dir, problem) => {
    const built = await buildCase('replacements', `errors/${dir}`);
    expect(problems(built.build)).toEqual([problem]);
  });
});

describe('replacements in the kustomization Flux writes its overlay into', () => {
  const ks = (extra: string) =>
    `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n  path: ./app\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
  const files = (extra: string) => ({
    'ks.yaml': ks(extra),
    'app/kustomization.yaml':
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ./app.yaml\nreplacements:\n  - source:\n      kind: Namespace\n    targets:\n      - select:\n          kind: ConfigMap\n        fieldPaths:\n          - data.namespace\n',
    'app/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  namespace: unset\n',
    'components/namespace/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - ./namespace.yaml\n',
    'components/namespace/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n',
  });

  it('fails where no overlay can supply the source', async () => {
    expect(findings(await lintDir(makeRepo(files('  targetNamespace: apps\n'))), 'kustomize/')).toEqual(['kustomize/build-error app/kustomization.yaml:7:13']);
  });

  it('finds its source among the objects of the components Flux adds, which kustomize builds before the replacements', async () => {
    expect(findings(await lintDir(makeRepo(files('  components:\n    - ../components/namespace\n'))), 'kustomize/')).toEqual([]);
  });

  it('is not known to fail where a patch of the Flux Kustomization, which runs before the replacements there, may add the field', async () => {
    const noField = (extra: string) => ({
      ...files(`  components:\n    - ../components/namespace\n${extra}`),
      'app/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n',
    });
    expect(findings(await lintDir(makeRepo(noField(''))), 'kustomize/')).toEqual(['kustomize/build-error app/kustomization.yaml:12:13']);
    const patch = '  patches:\n    - patch: |\n        apiVersion: v1\n        kind: ConfigMap\n        metadata:\n          name: app\n        data:\n          namespace: unset\n';
    expect(findings(await lintDir(makeRepo(noField(patch))), 'kustomize/')).toEqual([]);
  });
});

describe('replacement field paths', () => {
  it('split at dots as kyaml does: escaped dots and dots inside [field=value] stay', () => {
    expect(splitFieldPath('spec.template.spec.containers.[name=api].image')).toEqual(['spec', 'template', 'spec', 'containers', '[name=api]', 'image']);
    expect(splitFieldPath('metadata.annotations.example\\.com/version')).toEqual(['metadata', 'annotations', 'example.com/version']);
    expect(splitFieldPath('spec.rules.[host=a.example.com].http')).toEqual(['spec', 'rules', '[host=a.example.com]', 'http']);
    expect(splitFieldPath('.spec.ports.0')).toEqual(['spec', 'ports', '0']);
    expect(splitFieldPath('data.[weird.key]')).toEqual(['data', 'weird.key']);
  });
});

import { describe, expect, it } from 'vitest';
import { nodeAt } from '../src/yaml/nodes.js';
import { at, buildCase, buildFiles, json, nodeIn, objectOf, origin, problems } from './kustomize-fixtures.js';

/**
 * The in-process kustomize builder on small Flux-style repositories in
 * fixtures/kustomize/<case>/. Every expected object is what `kubectl kustomize`
 * (kustomize v5.5.0) prints for the same directory, hash suffixes included; every
 * origin is the file, line and column where the built value was written.
 */

describe('resources', () => {
  it('builds files, multi-document files and nested kustomization directories, keeping each origin', async () => {
    const built = await buildCase('resources', 'apps/podinfo');
    expect(problems(built.build)).toEqual([]);
    expect(json(built.build)).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'podinfo' } },
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmRepository',
        metadata: { name: 'podinfo', namespace: 'podinfo' },
        spec: { interval: '1h', url: 'https://stefanprodan.github.io/podinfo' },
      },
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'podinfo', namespace: 'podinfo' },
        spec: {
          chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' }, version: '>=6.0.0' } },
          interval: '30m',
          values: { replicaCount: 2 },
        },
      },
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: 'podinfo', namespace: 'podinfo' },
        spec: { podMetricsEndpoints: [{ port: 'http-metrics' }], selector: { matchLabels: { 'app.kubernetes.io/name': 'podinfo' } } },
      },
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'podinfo', namespace: 'podinfo' },
        spec: { groups: [{ name: 'podinfo', rules: [{ alert: 'PodinfoDown', expr: 'absent(up{job="podinfo"} == 1)', for: '5m' }] }] },
      },
    ]);
    expect([...built.build.included].sort()).toEqual(['apps/podinfo', 'apps/podinfo/monitoring', 'apps/podinfo/monitoring/alerts']);
    // The second document of a multi-document file, after a comment and a `---`.
    expect(origin(built, 'HelmRelease', 'podinfo', ['metadata', 'name'])).toBe('apps/podinfo/release.yaml:15:9');
    expect(origin(built, 'HelmRelease', 'podinfo', ['spec', 'chart', 'spec', 'version'])).toBe('apps/podinfo/release.yaml:22:16');
    expect(origin(built, 'HelmRepository', 'podinfo', ['spec', 'url'])).toBe('apps/podinfo/release.yaml:10:8');
    expect(origin(built, 'PrometheusRule', 'podinfo', ['spec', 'groups', 0, 'rules', 0, 'expr'])).toBe(
      'apps/podinfo/monitoring/alerts/prometheusrule.yaml:12:17',
    );
    const release = objectOf(built.build, 'HelmRelease', 'podinfo');
    expect(at(release.document.locate(release.anchor))).toBe('apps/podinfo/release.yaml:12:1');
  });

  it('reports a missing file or directory, a directory without kustomization, a path out of the root and remote bases, and builds the rest', async () => {
    const built = await buildCase('resources', 'apps/broken');
    expect(problems(built.build)).toEqual([
      'missing apps/broken/kustomization.yaml:6:5 The resource "missing.yaml" does not exist.',
      'missing apps/broken/kustomization.yaml:7:5 The resource "./missing-dir/" does not exist.',
      'missing apps/broken/kustomization.yaml:8:5 Resource directory "plain" has no kustomization.yaml.',
      'outside-root apps/broken/kustomization.yaml:9:5 The resource "../../../outside" is outside the repository; it is not followed.',
      'remote apps/broken/kustomization.yaml:10:5 Remote resource "https://github.com/fluxcd/flux2/manifests/install?ref=v2.4.0" is not fetched; fluxlint works offline, so objects from it are not checked.',
      'remote apps/broken/kustomization.yaml:11:5 Remote resource "github.com/stefanprodan/podinfo//kustomize?ref=6.7.1" is not fetched; fluxlint works offline, so objects from it are not checked.',
    ]);
    expect(json(built.build)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'broken-settings' }, data: { MODE: 'on' } }]);
  });

  it('reports a cycle (a → b → a) where it closes and does not follow it', async () => {
    const built = await buildCase('resources', 'apps/cycle/a');
    expect(problems(built.build)).toEqual([
      'cycle apps/cycle/b/kustomization.yaml:6:5 Resource "../a" includes itself through apps/cycle/a → apps/cycle/b → apps/cycle/a.',
    ]);
    expect(json(built.build)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cycle-b' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cycle-a' } },
    ]);
  });

  it('builds a directory without kustomization.yaml as Flux does: its YAML files, and subdirectories with a kustomization as a whole', async () => {
    const built = await buildCase('resources', 'clusters/staging', true);
    expect(problems(built.build)).toEqual([]);
    expect(json(built.build)).toEqual([
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'apps', namespace: 'flux-system' },
        spec: { interval: '10m', path: './apps/podinfo', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
      },
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name: 'flux-system', namespace: 'flux-system' },
        spec: { interval: '1m0s', ref: { branch: 'main' }, url: 'ssh://git@github.com/example/fleet' },
      },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'flux-system', namespace: 'flux-system' },
        spec: {
          interval: '10m0s',
          path: './clusters/staging',
          prune: true,
          sourceRef: { kind: 'GitRepository', name: 'flux-system' },
          decryption: { provider: 'sops', secretRef: { name: 'sops-age' } },
        },
      },
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmRepository',
        metadata: { name: 'bitnami', namespace: 'flux-system' },
        spec: { type: 'oci', interval: '24h', url: 'oci://registry-1.docker.io/bitnamicharts' },
      },
    ]);
    expect([...built.build.included]).toEqual(['clusters/staging/flux-system']);
    expect(origin(built, 'Kustomization', 'apps', ['spec', 'path'])).toBe('clusters/staging/apps.yaml:9:9');
    expect(origin(built, 'Kustomization', 'flux-system', ['spec', 'decryption', 'provider'])).toBe('clusters/staging/flux-system/kustomization.yaml:11:21');
    expect(origin(built, 'HelmRepository', 'bitnami', ['spec', 'url'])).toBe('clusters/staging/infrastructure/sources/bitnami.yaml:10:8');
  });
});

describe('components', () => {
  it('adds a component’s resources and applies its patches to the includer’s objects, then the includer’s transformers', async () => {
    const built = await buildCase('components', 'apps/paperless/app');
    expect(problems(built.build)).toEqual([]);
    expect(json(built.build)).toEqual([
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: {
          labels: { 'alerts.example.com/severity': 'critical', 'app.kubernetes.io/name': 'paperless' },
          name: 'paperless',
          namespace: 'documents',
        },
        spec: {
          chartRef: { kind: 'OCIRepository', name: 'app-template' },
          interval: '1h',
          values: {
            controllers: { paperless: { containers: { app: { image: { repository: 'ghcr.io/paperless-ngx/paperless-ngx', tag: '2.13.5' } } } } },
            persistence: {
              data: { existingClaim: '${APP}', globalMounts: [{ path: '/data' }] },
              media: { path: '/volume1/paperless', server: 'nas.internal', type: 'nfs' },
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: '${APP}', namespace: 'documents' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          dataSourceRef: { apiGroup: 'volsync.backube', kind: 'ReplicationDestination', name: '${APP}-dst' },
          resources: { requests: { storage: '${VOLSYNC_CAPACITY:=5Gi}' } },
          storageClassName: 'ceph-block',
        },
      },
      {
        apiVersion: 'volsync.backube/v1alpha1',
        kind: 'ReplicationSource',
        metadata: { name: '${APP}', namespace: 'documents' },
        spec: {
          restic: { copyMethod: 'Snapshot', pruneIntervalDays: 7, repository: '${APP}-volsync-secret', retain: { daily: 7, hourly: 24 } },
          sourcePVC: '${APP}',
          trigger: { schedule: '0 * * * *' },
        },
      },
    ]);
    expect([...built.build.included].sort()).toEqual(['apps/paperless/app', 'components/alerts', 'components/volsync']);
    // The component's patch file, its inline JSON patch, its own resource, and the includer's namespace.
    expect(origin(built, 'HelmRelease', 'paperless', ['spec', 'values', 'persistence', 'data', 'existingClaim'])).toBe('components/volsync/persistence.yaml:10:24');
    expect(origin(built, 'HelmRelease', 'paperless', ['spec', 'values', 'persistence', 'media', 'server'])).toBe('apps/paperless/app/helmrelease.yaml:24:17');
    expect(origin(built, 'HelmRelease', 'paperless', ['metadata', 'labels', 'alerts.example.com/severity'])).toBe('components/alerts/kustomization.yaml:8:16');
    expect(origin(built, 'PersistentVolumeClaim', '${APP}', ['spec', 'resources', 'requests', 'storage'])).toBe('components/volsync/pvc.yaml:14:16');
    expect(origin(built, 'ReplicationSource', '${APP}', ['metadata', 'namespace'])).toBe('apps/paperless/app/kustomization.yaml:4:12');
  });
});

describe('transformers', () => {
  const LABELS = {
    'app.kubernetes.io/managed-by': 'flux',
    'app.kubernetes.io/part-of': 'echo',
    release: 'stable',
    team: 'platform',
    tier: 'backend',
  };
  const ANNOTATIONS = { 'fluxcd.io/owner': 'platform-team' };
  const SELECTOR = { 'app.kubernetes.io/part-of': 'echo', release: 'stable', tier: 'backend' };

  it('sets the namespace, renames with namePrefix and nameSuffix and follows references, adds labels, annotations and images', async () => {
    const built = await buildCase('transformers', 'apps/echo');
    expect(problems(built.build)).toEqual([]);
    const objects = json(built.build).filter((o) => !['lab-echo-external-v1', 'lab-deny-all-v1'].includes((o as { metadata: { name: string } }).metadata.name));
    expect(objects).toEqual([
      // The Namespace object takes the namespace's name, without prefix or suffix.
      { apiVersion: 'v1', kind: 'Namespace', metadata: { annotations: ANNOTATIONS, labels: { ...LABELS, 'pod-security.kubernetes.io/enforce': 'restricted' }, name: 'echo' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { annotations: ANNOTATIONS, labels: LABELS, name: 'lab-echo-v1', namespace: 'echo' } },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { annotations: ANNOTATIONS, labels: LABELS, name: 'lab-echo-reader-v1', namespace: 'echo' },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { annotations: ANNOTATIONS, labels: LABELS, name: 'lab-echo-reader-v1', namespace: 'echo' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'lab-echo-reader-v1' },
        subjects: [
          { kind: 'ServiceAccount', name: 'lab-echo-v1', namespace: 'echo' },
          { kind: 'ServiceAccount', name: 'default', namespace: 'echo' },
          { kind: 'ServiceAccount', name: 'flux-applier', namespace: 'flux-system' },
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'platform-admins' },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { annotations: ANNOTATIONS, labels: LABELS, name: 'lab-echo-view-v1' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'lab-echo-v1', namespace: 'echo' }],
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { annotations: ANNOTATIONS, labels: { ...LABELS, 'app.kubernetes.io/name': 'echo' }, name: 'lab-echo-v1', namespace: 'echo' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { 'app.kubernetes.io/name': 'echo', ...SELECTOR } },
          template: {
            metadata: {
              annotations: ANNOTATIONS,
              // includeTemplates puts `team` on the pod template, not in the selector; managed-by (no flag) stays off both.
              labels: { 'app.kubernetes.io/name': 'echo', ...SELECTOR, team: 'platform' },
            },
            spec: {
              containers: [
                {
                  image: 'ghcr.io/mendhak/http-https-echo:37',
                  name: 'echo',
                  ports: [{ containerPort: 8080, name: 'http' }],
                  volumeMounts: [{ mountPath: '/etc/echo', name: 'config' }],
                },
              ],
              initContainers: [
                {
                  command: ['sh', '-c', 'sleep 1'],
                  image: 'mirror.gcr.io/library/busybox@sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7',
                  name: 'wait',
                },
              ],
              serviceAccountName: 'lab-echo-v1',
              // `0644` is octal to go-yaml.
              volumes: [{ configMap: { defaultMode: 420, name: 'lab-echo-config-v1' }, name: 'config' }],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        data: { LOG_LEVEL: 'info' },
        kind: 'ConfigMap',
        metadata: { annotations: ANNOTATIONS, labels: LABELS, name: 'lab-echo-config-v1', namespace: 'echo' },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { annotations: ANNOTATIONS, labels: LABELS, name: 'lab-echo-v1', namespace: 'echo' },
        spec: { ports: [{ name: 'http', port: 80, targetPort: 'http' }], selector: { 'app.kubernetes.io/name': 'echo', ...SELECTOR } },
      },
    ]);
    const file = 'apps/echo/kustomization.yaml';
    expect(origin(built, 'Namespace', 'echo', ['metadata', 'name'])).toBe(`${file}:4:12`);
    expect(origin(built, 'Deployment', 'lab-echo-v1', ['metadata', 'namespace'])).toBe(`${file}:4:12`);
    expect(origin(built, 'RoleBinding', 'lab-echo-reader-v1', ['subjects', 1, 'namespace'])).toBe(`${file}:4:12`);
    expect(origin(built, 'RoleBinding', 'lab-echo-reader-v1', ['subjects', 2, 'namespace'])).toBe('apps/echo/rbac.yaml:32:16');
    expect(origin(built, 'Deployment', 'lab-echo-v1', ['metadata', 'labels', 'tier'])).toBe(`${file}:9:9`);
    expect(origin(built, 'Deployment', 'lab-echo-v1', ['spec', 'selector', 'matchLabels', 'release'])).toBe(`${file}:17:16`);
    expect(origin(built, 'Deployment', 'lab-echo-v1', ['spec', 'template', 'metadata', 'labels', 'team'])).toBe(`${file}:14:13`);
    expect(origin(built, 'Deployment', 'lab-echo-v1', ['spec', 'template', 'metadata', 'annotations', 'fluxcd.io/owner'])).toBe(`${file}:20:20`);
    // A changed image points at its `images` entry; a renamed reference at where the reference was written.
    expect(origin(built, 'Deployment', 'lab-echo-v1', ['spec', 'template', 'spec', 'containers', 0, 'image'])).toBe(`${file}:22:5`);
    expect(origin(built, 'Deployment', 'lab-echo-v1', ['spec', 'template', 'spec', 'initContainers', 0, 'image'])).toBe(`${file}:24:5`);
    expect(origin(built, 'Deployment', 'lab-echo-v1', ['spec', 'template', 'spec', 'volumes', 0, 'configMap', 'name'])).toBe('apps/echo/deployment.yaml:35:19');
    expect(origin(built, 'Deployment', 'lab-echo-v1', ['spec', 'template', 'spec', 'volumes', 0, 'configMap', 'defaultMode'])).toBe(
      'apps/echo/deployment.yaml:36:26',
    );
  });

  it('leaves the empty podSelector of a NetworkPolicy alone, as kustomize does', async () => {
    const built = await buildCase('transformers', 'apps/echo');
    expect(objectOf(built.build, 'NetworkPolicy', 'lab-deny-all-v1').node.toJSON()).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { annotations: ANNOTATIONS, labels: LABELS, name: 'lab-deny-all-v1', namespace: 'echo' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
  });

  it('gives a Service without selector the selector labels, as kustomize does', async () => {
    const built = await buildCase('transformers', 'apps/echo');
    expect(objectOf(built.build, 'Service', 'lab-echo-external-v1').node.toJSON()).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { annotations: ANNOTATIONS, labels: LABELS, name: 'lab-echo-external-v1', namespace: 'echo' },
      spec: { externalName: 'echo.example.com', selector: SELECTOR, type: 'ExternalName' },
    });
  });

  it('keeps both the new tag and the digest of an images entry', async () => {
    const built = await buildCase('transformers', 'apps/pinned');
    const image = nodeIn(objectOf(built.build, 'Deployment', 'lab-echo-v1'), ['spec', 'template', 'spec', 'containers', 0, 'image']);
    expect(image.toJSON()).toBe('ghcr.io/mendhak/http-https-echo:37@sha256:f55c8e1b8fd83bd8bf8c4e4b1c7b4a3a3ff4f5b0a58f2f3c1cbf4b8e2c4e06a1');
  });

  it('sets spec.replicas from the replicas field', async () => {
    const built = await buildCase('transformers', 'apps/scaled');
    expect(nodeIn(objectOf(built.build, 'Deployment', 'lab-echo-v1'), ['spec', 'replicas']).toJSON()).toBe(3);
  });
});

describe('generators', () => {
  const GENERATED_METADATA = {
    annotations: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' },
    labels: { 'app.kubernetes.io/part-of': 'podinfo' },
    namespace: 'podinfo',
  };
  const NGINX_CONF = 'server {\n  listen 8080;\n  location / { proxy_pass http://127.0.0.1:9898; }\n}\n';

  it('generates ConfigMaps and Secrets from files, literals and env files, with kustomize’s hash suffix, and updates references', async () => {
    const built = await buildCase('generators', 'apps/podinfo');
    expect(problems(built.build)).toEqual([]);
    expect(json(built.build)).toEqual([
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'podinfo', namespace: 'podinfo' },
        spec: {
          chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' }, version: '6.7.1' } },
          interval: '30m',
          // `configurations:` teaches that spec/valuesFrom/name of a HelmRelease names a ConfigMap or Secret.
          valuesFrom: [
            { kind: 'ConfigMap', name: 'podinfo-values-d45h8bdk2g', valuesKey: 'values.yaml' },
            { kind: 'Secret', name: 'podinfo-auth-8949m9tb4f', targetPath: 'auth.username', valuesKey: 'username' },
          ],
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'podinfo-proxy', namespace: 'podinfo' },
        spec: {
          selector: { matchLabels: { app: 'podinfo-proxy' } },
          template: {
            metadata: { labels: { app: 'podinfo-proxy' } },
            spec: {
              containers: [
                {
                  env: [{ name: 'PODINFO_USER', valueFrom: { secretKeyRef: { key: 'username', name: 'podinfo-auth-8949m9tb4f' } } }],
                  envFrom: [{ configMapRef: { name: 'podinfo-env' } }],
                  image: 'nginx:1.27',
                  name: 'nginx',
                  volumeMounts: [{ mountPath: '/etc/nginx/conf.d', name: 'config' }],
                },
              ],
              volumes: [{ configMap: { name: 'podinfo-config-4k8gmdb5hk' }, name: 'config' }],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        data: { 'values.yaml': 'replicaCount: 2\nui:\n  message: hello from podinfo\n' },
        kind: 'ConfigMap',
        metadata: { ...GENERATED_METADATA, name: 'podinfo-values-d45h8bdk2g' },
      },
      {
        apiVersion: 'v1',
        data: { GREETING: 'hello, world', LOG_LEVEL: 'debug', PORT: '9898', 'nginx.conf': NGINX_CONF },
        kind: 'ConfigMap',
        metadata: { ...GENERATED_METADATA, name: 'podinfo-config-4k8gmdb5hk' },
      },
      {
        apiVersion: 'v1',
        data: { PODINFO_CACHE_SERVER: 'tcp://redis:6379', PODINFO_UI_COLOR: '#34577c' },
        kind: 'ConfigMap',
        metadata: { ...GENERATED_METADATA, labels: { 'app.kubernetes.io/component': 'env', 'app.kubernetes.io/part-of': 'podinfo' }, name: 'podinfo-env' },
      },
      {
        apiVersion: 'v1',
        data: { username: 'cG9kaW5mbw==' },
        kind: 'Secret',
        metadata: { ...GENERATED_METADATA, name: 'podinfo-auth-8949m9tb4f' },
        type: 'Opaque',
      },
    ]);
  });

  it('places generated values where they were written: files at 1:1, literals after `=`, env values after `=` in the env file', async () => {
    const built = await buildCase('generators', 'apps/podinfo');
    const file = 'apps/podinfo/kustomization.yaml';
    expect(origin(built, 'ConfigMap', 'podinfo-values-d45h8bdk2g', ['data', 'values.yaml'])).toBe('apps/podinfo/helm-values.yaml:1:1');
    expect(origin(built, 'ConfigMap', 'podinfo-config-4k8gmdb5hk', ['data', 'nginx.conf'])).toBe('apps/podinfo/config/nginx.conf:1:1');
    expect(origin(built, 'ConfigMap', 'podinfo-config-4k8gmdb5hk', ['data', 'LOG_LEVEL'])).toBe(`${file}:16:19`);
    // `'GREETING="hello, world"'`: the value starts after `="`, kustomize drops the quotes.
    expect(origin(built, 'ConfigMap', 'podinfo-config-4k8gmdb5hk', ['data', 'GREETING'])).toBe(`${file}:17:20`);
    expect(origin(built, 'ConfigMap', 'podinfo-env', ['data', 'PODINFO_UI_COLOR'])).toBe('apps/podinfo/config/app.env:2:18');
    expect(origin(built, 'ConfigMap', 'podinfo-env', ['data', 'PODINFO_CACHE_SERVER'])).toBe('apps/podinfo/config/app.env:4:22');
    expect(origin(built, 'Secret', 'podinfo-auth-8949m9tb4f', ['data', 'username'])).toBe(`${file}:29:18`);
    // Names and options point at the generator; labels at generatorOptions or the generator's options.
    expect(origin(built, 'ConfigMap', 'podinfo-values-d45h8bdk2g', ['metadata', 'name'])).toBe(`${file}:9:11`);
    expect(origin(built, 'ConfigMap', 'podinfo-env', ['metadata', 'labels', 'app.kubernetes.io/part-of'])).toBe(`${file}:32:32`);
    expect(origin(built, 'ConfigMap', 'podinfo-env', ['metadata', 'labels', 'app.kubernetes.io/component'])).toBe(`${file}:25:38`);
    // References renamed with the hash stay where the reference was written.
    expect(origin(built, 'HelmRelease', 'podinfo', ['spec', 'valuesFrom', 0, 'name'])).toBe('apps/podinfo/helmrelease.yaml:18:13');
    const generated = objectOf(built.build, 'ConfigMap', 'podinfo-config-4k8gmdb5hk');
    expect(at(generated.document.locate(generated.anchor))).toBe(`${file}:12:11`);
  });

  it('parses a generated values.yaml with positions in the file it came from', async () => {
    const built = await buildCase('generators', 'apps/podinfo');
    const value = nodeIn(objectOf(built.build, 'ConfigMap', 'podinfo-values-d45h8bdk2g'), ['data', 'values.yaml']);
    const text = built.origins.textOf(value);
    expect(text?.text).toBe('replicaCount: 2\nui:\n  message: hello from podinfo\n');
    const documents = text!.documents();
    expect(documents).toHaveLength(1);
    const document = documents[0]!;
    expect(document.toJS()).toEqual({ replicaCount: 2, ui: { message: 'hello from podinfo' } });
    expect(at(document.locate(nodeAt(document.contents, ['ui', 'message'], document.doc)))).toBe('apps/podinfo/helm-values.yaml:3:12');
    expect(at(document.locate(nodeAt(document.contents, ['replicaCount'], document.doc)))).toBe('apps/podinfo/helm-values.yaml:1:15');
  });

  it('merges into and replaces generated objects of a base, hashing the final content and following the prefix', async () => {
    const built = await buildCase('generators', 'apps/overlay');
    expect(problems(built.build)).toEqual([]);
    const prefixed = (name: string) => ({ ...GENERATED_METADATA, name });
    expect(json(built.build).slice(1)).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'prod-podinfo-proxy', namespace: 'podinfo' },
        spec: {
          selector: { matchLabels: { app: 'podinfo-proxy' } },
          template: {
            metadata: { labels: { app: 'podinfo-proxy' } },
            spec: {
              containers: [
                {
                  env: [{ name: 'PODINFO_USER', valueFrom: { secretKeyRef: { key: 'username', name: 'prod-podinfo-auth-8949m9tb4f' } } }],
                  envFrom: [{ configMapRef: { name: 'prod-podinfo-env' } }],
                  image: 'nginx:1.27',
                  name: 'nginx',
                  volumeMounts: [{ mountPath: '/etc/nginx/conf.d', name: 'config' }],
                },
              ],
              volumes: [{ configMap: { name: 'prod-podinfo-config-mb64dftght' }, name: 'config' }],
            },
          },
        },
      },
      { apiVersion: 'v1', data: { 'values.yaml': 'replicaCount: 3\n' }, kind: 'ConfigMap', metadata: prefixed('prod-podinfo-values-9tt862ddg7') },
      {
        apiVersion: 'v1',
        data: { GREETING: 'hello, world', LOG_LEVEL: 'warn', PORT: '9898', REGION: 'eu-west-1', 'nginx.conf': NGINX_CONF },
        kind: 'ConfigMap',
        metadata: prefixed('prod-podinfo-config-mb64dftght'),
      },
      {
        apiVersion: 'v1',
        data: { PODINFO_CACHE_SERVER: 'tcp://redis:6379', PODINFO_UI_COLOR: '#34577c' },
        kind: 'ConfigMap',
        metadata: { ...prefixed('prod-podinfo-env'), labels: { 'app.kubernetes.io/component': 'env', 'app.kubernetes.io/part-of': 'podinfo' } },
      },
      { apiVersion: 'v1', data: { username: 'cG9kaW5mbw==' }, kind: 'Secret', metadata: prefixed('prod-podinfo-auth-8949m9tb4f'), type: 'Opaque' },
    ]);
    expect(origin(built, 'ConfigMap', 'prod-podinfo-config-mb64dftght', ['data', 'LOG_LEVEL'])).toBe('apps/overlay/kustomization.yaml:12:19');
    expect(origin(built, 'ConfigMap', 'prod-podinfo-config-mb64dftght', ['data', 'GREETING'])).toBe('apps/podinfo/kustomization.yaml:17:20');
    expect(origin(built, 'ConfigMap', 'prod-podinfo-values-9tt862ddg7', ['data', 'values.yaml'])).toBe('apps/overlay/production-values.yaml:1:1');
  });

  it('renames references taught by configurations when a prefix renames the generated objects', async () => {
    const built = await buildCase('generators', 'apps/overlay');
    expect(objectOf(built.build, 'HelmRelease', 'prod-podinfo').node.toJSON()).toEqual({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'prod-podinfo', namespace: 'podinfo' },
      spec: {
        chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo', namespace: 'flux-system' }, version: '6.7.1' } },
        interval: '30m',
        valuesFrom: [
          { kind: 'ConfigMap', name: 'prod-podinfo-values-9tt862ddg7', valuesKey: 'values.yaml' },
          { kind: 'Secret', name: 'prod-podinfo-auth-8949m9tb4f', targetPath: 'auth.username', valuesKey: 'username' },
        ],
      },
    });
  });

  it('encodes long Secret values as kustomize does, with its hash suffix', async () => {
    const built = await buildCase('generators', 'apps/database');
    expect(json(built.build)).toEqual([
      {
        apiVersion: 'v1',
        data: { DATABASE_URL: 'cG9zdGdyZXM6Ly9wb2RpbmZvQHBvc3RncmVzLmRhdGFiYXNlLnN2Yy5jbHVzdGVyLmxvY2\nFsOjU0MzIvcG9kaW5mbw==\n' },
        kind: 'Secret',
        metadata: { name: 'podinfo-db-9gc9c5mmtk', namespace: 'database' },
        type: 'Opaque',
      },
    ]);
  });

  it('reports missing generator files at their entries, and a merge with nothing to merge into', async () => {
    const built = await buildCase('generators', 'apps/invalid');
    expect(problems(built.build)).toEqual([
      'missing apps/invalid/kustomization.yaml:10:9 Generator file "app.env" does not exist.',
      'missing apps/invalid/kustomization.yaml:7:9 Generator file "settings.toml" does not exist.',
      'missing apps/invalid/kustomization.yaml:8:9 Generator file "config/extra.conf" does not exist.',
      'invalid apps/invalid/kustomization.yaml:11:11 ConfigMap generator "app-overrides" has behavior merge, but no ConfigMap "app-overrides" exists to merge.',
    ]);
  });
});

describe('patches', () => {
  it('finds the object a patch names by the identity it had before a base’s namespace and prefix, and keeps its new one', async () => {
    const built = await buildCase('previous-ids', 'overlay');
    expect(problems(built.build)).toEqual([]);
    expect(json(built.build)).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { boundary: 'enabled' } } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'team-app', namespace: 'team', annotations: { 'example.com/patched': 'true' } }, automountServiceAccountToken: false },
    ]);
    expect(origin(built, 'Namespace', 'team', ['metadata', 'labels', 'boundary'])).toBe('overlay/namespace-patch.yaml:6:15');
  });

  it('applies strategic merge and JSON 6902 patches, by path and inline, with targets, deletions and list merges', async () => {
    const built = await buildCase('patches', 'apps/web/production');
    expect(problems(built.build)).toEqual([]);
    expect(json(built.build)).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          annotations: { 'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent' },
          labels: { 'app.kubernetes.io/name': 'web' },
          name: 'web',
          namespace: 'web',
        },
        spec: {
          replicas: 3,
          selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
          template: {
            metadata: { annotations: { 'reloader.stakater.com/auto': 'true' }, labels: { 'app.kubernetes.io/name': 'web' } },
            spec: {
              // Containers merge by name: `app` patched, `metrics` deleted by `$patch: delete`, `tailscale` added.
              containers: [
                {
                  args: ['--port=8080', '--metrics'],
                  env: [
                    { name: 'LOG_LEVEL', value: 'warn' },
                    { name: 'CACHE_URL', value: 'redis://redis:6379' },
                  ],
                  image: 'ghcr.io/example/web:1.5.0',
                  name: 'app',
                  ports: [{ containerPort: 8080, name: 'http' }],
                  resources: { limits: { memory: '256Mi' }, requests: { memory: '256Mi' } },
                },
                { image: 'ghcr.io/tailscale/tailscale:v1.76.6', name: 'tailscale' },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: {
          annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
          labels: { 'app.kubernetes.io/component': 'cache', 'app.kubernetes.io/name': 'redis' },
          name: 'redis',
          namespace: 'web',
        },
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } },
          serviceName: 'redis',
          template: {
            metadata: { labels: { 'app.kubernetes.io/name': 'redis' } },
            spec: { containers: [{ image: 'public.ecr.aws/docker/library/redis:7.4', name: 'redis' }] },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
          labels: { 'app.kubernetes.io/component': 'cache', 'app.kubernetes.io/name': 'redis' },
          name: 'redis',
          namespace: 'web',
        },
        spec: {
          ports: [
            { name: 'redis', port: 6379 },
            { name: 'metrics', port: 9121 },
          ],
          selector: { 'app.kubernetes.io/name': 'redis' },
        },
      },
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'web-gateway', namespace: 'web' },
        spec: {
          chart: { spec: { chart: 'app-template', sourceRef: { kind: 'HelmRepository', name: 'bjw-s', namespace: 'flux-system' }, version: '3.7.4' } },
          interval: '30m',
          values: {
            // In a custom resource lists are replaced, not merged by name; `tag: null` removes the key.
            controllers: { gateway: { containers: { app: { env: [{ name: 'TZ', value: 'UTC' }], image: { repository: 'ghcr.io/example/gateway' } } } } },
            ingress: { hosts: ['api.example.org', 'web.example.org'] },
          },
        },
      },
      // web-legacy-settings is deleted by `$patch: delete`; web-settings patched by an inline patchesStrategicMerge entry.
      { apiVersion: 'v1', data: { MODE: 'production' }, kind: 'ConfigMap', metadata: { name: 'web-settings', namespace: 'web' } },
    ]);
  });

  it('places patched values in the patch file or on the inline patch’s line in kustomization.yaml', async () => {
    const built = await buildCase('patches', 'apps/web/production');
    const file = 'apps/web/production/kustomization.yaml';
    const container = ['spec', 'template', 'spec', 'containers', 0];
    // Strategic merge from a file, and an inline one with a target.
    expect(origin(built, 'Deployment', 'web', [...container, 'env', 0, 'value'])).toBe('apps/web/production/deployment-patch.yaml:13:22');
    expect(origin(built, 'Deployment', 'web', [...container, 'env', 1, 'value'])).toBe('apps/web/base/deployment.yaml:31:22');
    expect(origin(built, 'Deployment', 'web', ['spec', 'template', 'spec', 'containers', 1, 'image'])).toBe('apps/web/production/deployment-patch.yaml:20:18');
    expect(origin(built, 'Deployment', 'web', ['spec', 'replicas'])).toBe(`${file}:24:19`);
    // JSON 6902 inline: add with ~1, replace, append with -, copy (the copied value's origin), move.
    expect(origin(built, 'Deployment', 'web', ['metadata', 'annotations', 'kustomize.toolkit.fluxcd.io/ssa'])).toBe(`${file}:38:16`);
    expect(origin(built, 'Deployment', 'web', [...container, 'image'])).toBe(`${file}:41:16`);
    expect(origin(built, 'Deployment', 'web', [...container, 'args', 1])).toBe(`${file}:44:16`);
    expect(origin(built, 'Deployment', 'web', [...container, 'resources', 'requests', 'memory'])).toBe('apps/web/production/deployment-patch.yaml:16:23');
    expect(origin(built, 'Deployment', 'web', ['spec', 'template', 'metadata', 'annotations', 'reloader.stakater.com/auto'])).toBe(
      'apps/web/base/deployment.yaml:9:33',
    );
    // labelSelector target; patchesJson6902 by path and inline.
    expect(origin(built, 'StatefulSet', 'redis', ['metadata', 'annotations', 'kustomize.toolkit.fluxcd.io/prune'])).toBe(`${file}:32:46`);
    expect(origin(built, 'HelmRelease', 'web-gateway', ['spec', 'chart', 'spec', 'version'])).toBe('apps/web/production/helmrelease-json6902.yaml:4:10');
    expect(origin(built, 'HelmRelease', 'web-gateway', ['spec', 'values', 'ingress', 'hosts', 0])).toBe('apps/web/production/helmrelease-json6902.yaml:7:10');
    expect(origin(built, 'HelmRelease', 'web-gateway', ['spec', 'values', 'ingress', 'hosts', 1])).toBe('apps/web/production/helmrelease-patch.yaml:20:11');
    expect(origin(built, 'Service', 'redis', ['spec', 'ports', 1, 'port'])).toBe(`${file}:77:17`);
    // The inline patchesStrategicMerge entry.
    expect(origin(built, 'ConfigMap', 'web-settings', ['data', 'MODE'])).toBe(`${file}:14:13`);
  });

  it('reports a missing patch file, a patch that matches nothing and a JSON operation that does not apply', async () => {
    const built = await buildCase('patches', 'apps/web/broken');
    expect(problems(built.build)).toEqual([
      'missing apps/web/broken/kustomization.yaml:7:11 Patch "missing-patch.yaml" does not exist.',
      'invalid apps/web/broken/kustomization.yaml:9:7 Patch for Deployment "api" matches no object of this kustomization.',
      'invalid apps/web/broken/kustomization.yaml:16:9 JSON patch operation "replace /spec/persistence/size" does not apply to StatefulSet "redis".',
    ]);
    expect(json(built.build)).toHaveLength(6);
  });

  it('does not say a patch matches nothing where a remote resource, which is not fetched, may hold its object', async () => {
    const build = await buildFiles({
      'kustomization.yaml': 'resources:\n  - https://raw.githubusercontent.com/example/app/v1.0.0/deploy.yaml\npatches:\n  - path: patch.yaml\n',
      'patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: controller\nspec:\n  replicas: 2\n',
    });
    expect(problems(build).map((p) => p.split(' ').slice(0, 2).join(' '))).toEqual(['remote kustomization.yaml:2:5']);
  });

  it('lets a JSON replace add a key an existing mapping lacks, as kustomize’s JSON patch library does', async () => {
    const build = await buildFiles({
      'kustomization.yaml': 'resources: [identity.yaml]\npatches:\n  - target: {kind: AzureIdentity, name: mi}\n    patch: |-\n      - op: replace\n        path: /spec/clientID\n        value: abc\n',
      'identity.yaml': 'apiVersion: aadpodidentity.k8s.io/v1\nkind: AzureIdentity\nmetadata:\n  name: mi\nspec:\n  type: 0\n',
    });
    expect(problems(build)).toEqual([]);
    expect(json(build)).toEqual([{ apiVersion: 'aadpodidentity.k8s.io/v1', kind: 'AzureIdentity', metadata: { name: 'mi' }, spec: { type: 0, clientID: 'abc' } }]);
  });

  it('orders a merged env list as kustomize does', async () => {
    const built = await buildCase('patches', 'apps/web/env-order');
    expect(nodeIn(objectOf(built.build, 'Deployment', 'web'), ['spec', 'template', 'spec', 'containers', 0, 'env']).toJSON()).toEqual([
      { name: 'CACHE_URL', value: 'redis://redis.cache:6379' },
      { name: 'REGION', value: 'eu-west-1' },
      { name: 'LOG_LEVEL', value: 'info' },
    ]);
  });

  it('merges container and Service ports by key', async () => {
    const built = await buildCase('patches', 'apps/web/ports');
    expect(nodeIn(objectOf(built.build, 'Deployment', 'web'), ['spec', 'template', 'spec', 'containers', 0, 'ports']).toJSON()).toEqual([
      { containerPort: 9090, name: 'metrics' },
      { containerPort: 8080, name: 'http' },
    ]);
    expect(nodeIn(objectOf(built.build, 'Service', 'redis'), ['spec', 'ports']).toJSON()).toEqual([
      { name: 'metrics', port: 9121 },
      { name: 'redis', port: 6379 },
    ]);
  });
});

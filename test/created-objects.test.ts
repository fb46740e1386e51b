import { describe, expect, it } from 'vitest';
import { findings, lintDir, makeRepo } from './helpers.js';

/**
 * Objects made in the cluster by objects of the repository are not missing. Each
 * case: a reference to what a creator makes, with and without the creator.
 */
const ks = (name: string, sourceKind: string, source: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n  path: ./apps\n  sourceRef:\n    kind: ${sourceKind}\n    name: ${source}\n`;

/** A HelmRelease in `apps` taking its values from a Secret, so that a Secret reference exists. */
const valuesFromSecret = (secret: string) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: app\n  valuesFrom:\n    - kind: Secret\n      name: ${secret}\n      valuesKey: uri\n---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: app\n  namespace: apps\nspec:\n  interval: 1h\n  url: oci://ghcr.io/example/app\n  ref:\n    tag: 1.0.0\n`;

const FLUX_INSTANCE_CHART = (values: string, valuesFrom = '') =>
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: flux-instance\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: oci://ghcr.io/controlplaneio-fluxcd/charts/flux-instance\n  ref:\n    tag: 0.30.0\n---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux-instance\n  namespace: flux-system\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n${valuesFrom}  values:\n${values}`;

const missing = async (files: Record<string, string>) => findings(await lintDir(makeRepo(files)), 'flux/missing-reference');

describe('objects created in the cluster', () => {
  it('the flux-instance Helm chart creates the sync source and Kustomization, named after the namespace', async () => {
    const chart = FLUX_INSTANCE_CHART('    instance:\n      sync:\n        kind: GitRepository\n        url: https://github.com/example/home-ops\n        ref: refs/heads/main\n        path: kubernetes/flux\n');
    expect(await missing({ 'flux/instance.yaml': chart, 'flux/apps.yaml': ks('apps', 'GitRepository', 'flux-system') })).toEqual([]);
    // Another kind than the chart syncs from is still missing.
    expect(await missing({ 'flux/instance.yaml': chart, 'flux/apps.yaml': ks('apps', 'OCIRepository', 'flux-system') })).toEqual(['flux/missing-reference flux/apps.yaml:12:11']);
    expect(await missing({ 'flux/apps.yaml': ks('apps', 'OCIRepository', 'flux-system') })).toEqual(['flux/missing-reference flux/apps.yaml:12:11']);
  });

  it('without an entry point, whoever applies a root Kustomization creates its GitRepository, which fluxlint builds as this repository', async () => {
    expect(await missing({ 'flux/apps.yaml': ks('apps', 'GitRepository', 'flux-system') })).toEqual([]);
    // A Kustomization another one applies is no root: its source must be there.
    const parent = ks('parent', 'GitRepository', 'flux-system').replace('path: ./apps', 'path: ./flux/children');
    expect(await missing({ 'flux/parent.yaml': parent, 'flux/children/apps.yaml': ks('apps', 'GitRepository', 'tenant') })).toEqual(['flux/missing-reference flux/children/apps.yaml:12:11']);
  });

  it('the flux-instance chart with its sync in values fluxlint cannot read creates a source of any kind', async () => {
    const encrypted = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: instance-values\n  namespace: flux-system\nstringData:\n  values.yaml: ENC[AES256_GCM,data:Rqvn4Smf6ZxkWdvs,iv:kl7axhOQ56FEClMXFRJqXO4VbuajSz3P4n8844NS9N4=,tag:SoLO0d9+C4X5IX0UED4vIQ==,type:str]\n';
    const chart = FLUX_INSTANCE_CHART('    instance:\n      cluster:\n        type: kubernetes\n', '  valuesFrom:\n    - kind: Secret\n      name: instance-values\n');
    expect(await missing({ 'flux/instance.yaml': chart, 'flux/values.yaml': encrypted, 'flux/apps.yaml': ks('apps', 'OCIRepository', 'flux-system') })).toEqual([]);
  });

  it('a FluxInstance names its sync objects spec.sync.name, else after its namespace, not after itself', async () => {
    const instance = (name = '') =>
      `apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: "2.x"\n    registry: ghcr.io/fluxcd\n  sync:\n${name}    kind: OCIRepository\n    url: oci://ghcr.io/example/fleet\n    ref: latest\n    path: clusters/prod\n`;
    expect(await missing({ 'flux/instance.yaml': instance(), 'flux/apps.yaml': ks('apps', 'OCIRepository', 'flux-system') })).toEqual([]);
    expect(await missing({ 'flux/instance.yaml': instance(), 'flux/apps.yaml': ks('apps', 'OCIRepository', 'flux') })).toEqual(['flux/missing-reference flux/apps.yaml:12:11']);
    expect(await missing({ 'flux/instance.yaml': instance('    name: fleet\n'), 'flux/apps.yaml': ks('apps', 'OCIRepository', 'fleet') })).toEqual([]);
  });

  it('a placeholder gotk-sync.yaml stands for the GitRepository flux bootstrap writes there', async () => {
    const placeholder = '# This file will be generated automatically by flux bootstrap.\n';
    expect(await missing({ 'hub/flux-system/gotk-sync.yaml': placeholder, 'hub/apps.yaml': ks('apps', 'GitRepository', 'flux-system') })).toEqual([]);
  });

  it('a CloudNativePG Cluster creates <name>-app and the other Secrets of the cluster', async () => {
    const cluster = 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: db\n  namespace: apps\nspec:\n  instances: 1\n  storage:\n    size: 1Gi\n';
    expect(await missing({ 'app/cluster.yaml': cluster, 'app/release.yaml': valuesFromSecret('db-app') })).toEqual([]);
    expect(await missing({ 'app/cluster.yaml': cluster, 'app/release.yaml': valuesFromSecret('db-superuser') })).toEqual([]);
    expect(await missing({ 'app/cluster.yaml': cluster, 'app/release.yaml': valuesFromSecret('other-app') })).toEqual(['flux/missing-reference app/release.yaml:13:13']);
  });

  it.each([
    ['an ExternalSecret its target', 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: es\n  namespace: apps\nspec:\n  target:\n    name: creds\n', 'creds'],
    ['an ExternalSecret without target its own name', 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: creds\n  namespace: apps\nspec: {}\n', 'creds'],
    ['a SealedSecret its name', 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: creds\n  namespace: apps\nspec: {}\n', 'creds'],
    ['a OnePasswordItem its name', 'apiVersion: onepassword.com/v1\nkind: OnePasswordItem\nmetadata:\n  name: creds\n  namespace: apps\nspec:\n  itemPath: vaults/x/items/y\n', 'creds'],
    ['a Certificate its secretName', 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  secretName: creds\n  dnsNames: [a.example.org]\n  issuerRef:\n    name: le\n', 'creds'],
    ['an ObjectBucketClaim its name', 'apiVersion: objectbucket.io/v1alpha1\nkind: ObjectBucketClaim\nmetadata:\n  name: creds\n  namespace: apps\nspec: {}\n', 'creds'],
  ])('%s: a Secret, in its own namespace only', async (_name, creator, secret) => {
    expect(await missing({ 'app/creator.yaml': creator, 'app/release.yaml': valuesFromSecret(secret) })).toEqual([]);
    expect(await missing({ 'app/creator.yaml': creator.replace('namespace: apps', 'namespace: other'), 'app/release.yaml': valuesFromSecret(secret) })).toEqual([
      'flux/missing-reference app/release.yaml:13:13',
    ]);
  });
});

describe('a document SOPS encrypted whole, kind and name too', () => {
  const enc = (text: string) => `ENC[AES256_GCM,data:${Buffer.from(text.replace(/./g, 'x')).toString('base64')},iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]`;
  const encrypted = `apiVersion: ${enc('v1')}\nkind: ${enc('Secret')}\nmetadata:\n  name: ${enc('db-app')}\n  namespace: ${enc('apps')}\nstringData:\n  uri: ${enc('postgres://x')}\nsops:\n  mac: ${enc('mac')}\n  lastmodified: "2026-01-01T00:00:00Z"\n  version: 3.10.2\n`;

  it('may be the Secret a reference names: its identity is unknown, not missing, where the lengths of the ciphertexts agree', async () => {
    expect(await missing({ 'app/secret.sops.yaml': encrypted, 'app/release.yaml': valuesFromSecret('db-app') })).toEqual([]);
    expect(await missing({ 'app/secret.sops.yaml': encrypted, 'app/release.yaml': valuesFromSecret('other-secret') })).toEqual(['flux/missing-reference app/release.yaml:13:13']);
  });
});

describe('a reference whose namespace fluxlint cannot know', () => {
  it('finds a created object in any namespace, as it finds a written one', async () => {
    const chart = FLUX_INSTANCE_CHART('    instance:\n      sync:\n        kind: GitRepository\n        url: https://github.com/example/home-ops\n        ref: refs/heads/main\n        path: kubernetes/flux\n');
    // Written without a namespace and applied without a targetNamespace: where it lands is not known here.
    const withoutNamespace = ks('web', 'GitRepository', 'flux-system').replace('  namespace: flux-system\n', '');
    expect(await missing({ 'flux/instance.yaml': chart, 'apps/web.yaml': withoutNamespace })).toEqual([]);
    expect(await missing({ 'apps/web.yaml': withoutNamespace.replace('kind: GitRepository', 'kind: OCIRepository') })).toEqual(['flux/missing-reference apps/web.yaml:11:11']);
  });
});

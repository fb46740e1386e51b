import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, type Node } from 'yaml';
import { main } from '../src/cli.js';
import type { Location } from '../src/diagnostic.js';
import { composeValues } from '../src/model/flux/helm-values.js';
import type { FluxKustomization, FluxModel } from '../src/model/flux/model.js';
import { idOf } from '../src/model/kustomize/object.js';
import { renderValues } from '../src/values-command.js';
import { keyName, nodeAt, pairsOf } from '../src/yaml/nodes.js';
import { ENC, FIXTURES, brief, findings, lintDir, makeRepo, sopsBlock, temporaryDirectory } from './helpers.js';

/**
 * fixtures/flux: a small home-ops style repository.
 *
 *   clusters/home/flux-system/   GitRepository + Kustomization `flux-system` (path ./clusters/home)
 *   clusters/home/apps.yaml      Kustomization `apps` (path ./apps): substituteFrom cluster-vars and the
 *                                SOPS Secret cluster-secrets, and a patch that gives every child
 *                                Kustomization `decryption` and the same substituteFrom
 *   apps/kustomization.yaml      the two ks.yaml files
 *   apps/podinfo/ks.yaml         targetNamespace web, commonMetadata, substitute APP and HOSTNAME
 *   apps/podinfo/app/            HelmRelease with valuesFrom a generated ConfigMap (values.yaml), a
 *                                targetPath ConfigMap, a SOPS Secret; spec.values on top; a missing
 *                                HelmRepository; ${CLUSTER_NAME} that nothing defines; ./pvc.yaml missing
 *   apps/echo/                   targetNamespace echo; HelmRelease with a hand-written values ConfigMap
 *                                and a Secret key at targetPath auth.username
 */
const DIR = path.join(FIXTURES, 'flux');
const result = await lintDir(DIR);
const model: FluxModel = result.repository.flux;

const at = (location: Location | null | undefined) => (location ? `${location.file}:${location.line}:${location.column}` : null);
const ks = (name: string): FluxKustomization => {
  const found = model.kustomizations.find((k) => k.namespace === 'flux-system' && k.name === name);
  if (!found) throw new Error(`no Kustomization flux-system/${name}`);
  return found;
};
const release = (namespace: string, name: string) => {
  const found = model.ofKind('HelmRelease').find((r) => idOf(r).namespace === namespace && idOf(r).name === name);
  if (!found) throw new Error(`no HelmRelease ${namespace}/${name}`);
  return found;
};
const object = (kind: string, namespace: string, name: string) => {
  const found = model.find(kind, name, namespace).find((o) => idOf(o).namespace === namespace);
  if (!found) throw new Error(`no ${kind} ${namespace}/${name}`);
  return found;
};
/** Plain JS of a built node, keyed by keyName (what every consumer of the model reads). */
const plain = (node: Node | null): unknown => {
  if (isMap(node)) return Object.fromEntries(pairsOf(node).map((p) => [String(keyName(p)), plain(p.value as Node)]));
  return (node as { toJSON(): unknown } | null)?.toJSON() ?? null;
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, env: {}, cwd });
  return { code, stdout, stderr };
}

describe('FluxModel on fixtures/flux', () => {
  it('finds every Flux Kustomization with its path and the Kustomization that applies it', () => {
    const list = model.kustomizations
      .map((k) => `${k.namespace}/${k.name} path=${k.path} owner=${k.object.owner ? `${k.object.owner.namespace}/${k.object.owner.name}` : null} problems=${k.problems.length}`)
      .sort();
    expect(list).toEqual([
      'flux-system/apps path=apps owner=flux-system/flux-system problems=0',
      'flux-system/echo path=apps/echo/app owner=flux-system/apps problems=0',
      'flux-system/flux-system path=clusters/home owner=null problems=0',
      'flux-system/podinfo path=apps/podinfo/app owner=flux-system/apps problems=0',
    ]);
  });

  it('records the objects each Kustomization applies, with the namespaces targetNamespace gives them', () => {
    const owned = (name: string) => model.objects.filter((o) => o.owner === ks(name)).map((o) => `${idOf(o).kind} ${idOf(o).namespace}/${idOf(o).name}`).sort();
    expect(owned('podinfo')).toEqual(['ConfigMap web/podinfo-extra', 'ConfigMap web/podinfo-values', 'HelmRelease web/podinfo', 'Secret web/podinfo-secret']);
    expect(owned('echo')).toEqual(['ConfigMap echo/echo-values', 'HelmRelease echo/echo', 'HelmRepository echo/ealenn', 'Secret echo/echo-auth']);
    expect(owned('apps')).toEqual(['Kustomization flux-system/echo', 'Kustomization flux-system/podinfo']);
    expect(owned('flux-system')).toEqual([
      'ConfigMap flux-system/cluster-vars',
      'GitRepository flux-system/flux-system',
      'Kustomization flux-system/apps',
      'Kustomization flux-system/flux-system',
      'Secret flux-system/cluster-secrets',
    ]);
    // The namespace was written by targetNamespace in ks.yaml; the object's own file has none.
    const hr = release('web', 'podinfo');
    expect(at(model.origins.locate(nodeAt(hr.node, ['metadata', 'namespace'])))).toBe('apps/podinfo/ks.yaml:7:20');
    // commonMetadata labels reach the objects, the generated ConfigMap too.
    expect(plain(nodeAt(object('ConfigMap', 'web', 'podinfo-values').node, ['metadata', 'labels']))).toEqual({ 'app.kubernetes.io/name': 'podinfo' });
    expect(plain(nodeAt(hr.node, ['metadata', 'labels']))).toEqual({ 'app.kubernetes.io/name': 'podinfo' });
  });

  it('builds the generated values ConfigMap without a hash suffix, its data from values.yaml', () => {
    const cm = object('ConfigMap', 'web', 'podinfo-values');
    expect(idOf(cm)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'podinfo-values', namespace: 'web' });
    expect(pairsOf(nodeAt(cm.node, ['data'])).map(keyName)).toEqual(['values.yaml']);
    expect(at(model.origins.locate(nodeAt(cm.node, ['data', 'values.yaml'])))).toBe('apps/podinfo/app/values.yaml:1:1');
  });

  it('applies the parent patch of `apps` to every child Kustomization', () => {
    for (const name of ['podinfo', 'echo']) {
      const spec = nodeAt(ks(name).object.node, ['spec']);
      expect(plain(nodeAt(spec, ['decryption']))).toEqual({ provider: 'sops' });
      expect(plain(nodeAt(spec, ['postBuild', 'substituteFrom']))).toEqual([
        { kind: 'ConfigMap', name: 'cluster-vars' },
        { kind: 'Secret', name: 'cluster-secrets' },
      ]);
      // The patch's `metadata.name: not-used` does not rename the target.
      expect(ks(name).name).toBe(name);
    }
    // The child's own postBuild.substitute survives the merge.
    expect(pairsOf(nodeAt(ks('podinfo').object.node, ['spec', 'postBuild', 'substitute'])).map(keyName)).toEqual(['APP', 'HOSTNAME']);
    // Patched-in values point into the patch, in the block scalar of clusters/home/apps.yaml.
    expect(at(model.origins.locate(nodeAt(ks('podinfo').object.node, ['spec', 'decryption', 'provider'])))).toBe('clusters/home/apps.yaml:27:23');
    // The Kustomizations that clusters/home/apps.yaml itself defines are not patched.
    expect(nodeAt(ks('apps').object.node, ['spec', 'decryption'])).toBeNull();
  });

  it('substitutes postBuild variables from substitute and from the patched-in substituteFrom', () => {
    const hr = release('web', 'podinfo');
    const name = nodeAt(hr.node, ['metadata', 'name']);
    expect(plain(name)).toBe('podinfo'); // ${APP}, from postBuild.substitute
    expect(at(model.origins.locate(name))).toBe('apps/podinfo/app/helmrelease.yaml:4:9');
    const tz = nodeAt(hr.node, ['spec', 'values', 'env']) as unknown as { items: Node[] };
    expect(plain(nodeAt(tz.items[0], ['value']))).toBe('Europe/Berlin'); // ${TIMEZONE}, from ConfigMap cluster-vars
    expect(plain(nodeAt(tz.items[1], ['value']))).toBe(''); // ${CLUSTER_NAME}: nothing defines it, Flux writes ''
    expect(plain(nodeAt(release('echo', 'echo').node, ['spec', 'values', 'ingress', 'hosts']))).toEqual([{ host: 'echo.home.example.org', paths: ['/'] }]);
    // The parent `apps` substitutes inside the child ks.yaml too.
    expect(plain(nodeAt(ks('podinfo').object.node, ['spec', 'postBuild', 'substitute', 'HOSTNAME']))).toBe('podinfo.home.example.org');
  });

  it('leaves a value from the SOPS Secret as written and says why it is unknown', () => {
    const env = nodeAt(release('web', 'podinfo').node, ['spec', 'values', 'env']) as unknown as { items: Node[] };
    const admin = nodeAt(env.items[2], ['value'])!;
    expect(plain(admin)).toBe('${ADMIN_EMAIL}');
    expect(model.origins.unknownReason(admin)).toBe('it uses ${ADMIN_EMAIL}, whose value fluxlint cannot read');
    expect(at(model.origins.locate(admin))).toBe('apps/podinfo/app/helmrelease.yaml:37:16');
    // A known value is not marked.
    expect(model.origins.unknownReason(nodeAt(env.items[0], ['value'])!)).toBeUndefined();
    expect(ks('podinfo').substitution.map((f) => `${f.kind} ${f.expression} ${at(f.location)}`)).toEqual(['unresolved ${CLUSTER_NAME} apps/podinfo/app/helmrelease.yaml:35:16']);
    expect(ks('echo').substitution).toEqual([]);
  });

  it('substitutes a child Kustomization after its parent has substituted the child (HOSTNAME: podinfo.${DOMAIN})', () => {
    const hr = release('web', 'podinfo');
    expect(plain(nodeAt(hr.node, ['spec', 'values', 'ui', 'message']))).toBe('Hello from podinfo.home.example.org');
    expect(plain(nodeAt(hr.node, ['spec', 'values', 'ingress', 'hosts']))).toEqual([{ host: 'podinfo.home.example.org' }]);
  });

  it('lists each applied object once', () => {
    const ids = model.objects.map((o) => `${idOf(o).kind} ${idOf(o).namespace}/${idOf(o).name}`);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(model.find('ConfigMap', 'cluster-vars', 'flux-system').map((o) => o.owner?.name ?? null)).toEqual(['flux-system']);
  });

  it('gives each Kustomization an owner that is one of model.kustomizations', () => {
    expect(ks('apps').object.owner).toBe(ks('flux-system'));
    // flux-system applies itself; it keeps the bootstrap (a root) as its owner, so owners form no cycle.
    expect(ks('flux-system').object.owner).toBeNull();
  });
});

describe('composeValues on fixtures/flux', () => {
  it('merges valuesFrom and spec.values of web/podinfo as helm-controller does', () => {
    const values = composeValues(model, release('web', 'podinfo')).values;
    expect(values.toJSON()).toEqual({
      replicaCount: 3,
      ui: { color: '#34577c', message: expect.stringMatching(/^Hello from podinfo\./), logo: expect.stringMatching(/^https:\/\/static\./) },
      ingress: { enabled: true, className: null, hosts: [{ host: expect.stringMatching(/^podinfo\./) }] },
      resources: { limits: { memory: '128Mi' } },
      env: [
        { name: 'TZ', value: 'Europe/Berlin' },
        { name: 'CLUSTER', value: '' },
        { name: 'ADMIN_EMAIL', value: '${ADMIN_EMAIL}' },
      ],
    });
    // className: null replaced nginx and stays, so that Helm deletes the chart's default too.
    expect(Object.keys(values.toJSON().ingress)).toEqual(['enabled', 'className', 'hosts']);
  });

  it('locates every value where it was written', () => {
    const values = composeValues(model, release('web', 'podinfo')).values;
    const where = (...keys: string[]) => at(model.origins.locate(nodeAt(values, keys)));
    expect(where('replicaCount')).toBe('apps/podinfo/app/extra-values.yaml:6:13'); // targetPath: the ConfigMap data line
    expect(where('ui', 'color')).toBe('apps/podinfo/app/values.yaml:3:10'); // values.yaml through configMapGenerator
    expect(where('ingress', 'enabled')).toBe('apps/podinfo/app/values.yaml:7:12');
    expect(where('resources', 'limits', 'memory')).toBe('apps/podinfo/app/values.yaml:13:13');
    expect(where('ui', 'message')).toBe('apps/podinfo/app/helmrelease.yaml:26:16'); // spec.values overrides values.yaml
    expect(where('ingress', 'hosts')).toBe('apps/podinfo/app/helmrelease.yaml:30:9'); // a list replaces
    expect(where('env')).toBe('apps/podinfo/app/helmrelease.yaml:32:7');
    expect(where('ingress', 'className')).toBe('apps/podinfo/app/helmrelease.yaml:28:18'); // the null that deletes it
    const echo = composeValues(model, release('echo', 'echo')).values;
    expect(at(model.origins.locate(nodeAt(echo, ['auth', 'enabled'])))).toBe('apps/echo/app/values.yaml:8:16'); // in the ConfigMap's block scalar
    expect(at(model.origins.locate(nodeAt(echo, ['auth', 'username'])))).toBe('apps/echo/app/secret.yaml:6:13');
    expect(at(model.origins.locate(nodeAt(echo, ['ingress', 'enabled'])))).toBe('apps/echo/app/helmrelease.yaml:32:16');
  });

  it('lists the layers in merge order, the SOPS Secret as unknown', () => {
    const { layers } = composeValues(model, release('web', 'podinfo'));
    expect(layers.map((l) => ({ source: l.source, name: l.name, key: l.key, targetPath: l.targetPath, at: at(l.location), unknown: l.unknown }))).toEqual([
      { source: 'ConfigMap', name: 'podinfo-values', key: 'values.yaml', targetPath: null, at: 'apps/podinfo/app/helmrelease.yaml:16:7', unknown: null },
      { source: 'ConfigMap', name: 'podinfo-extra', key: 'replicas', targetPath: 'replicaCount', at: 'apps/podinfo/app/helmrelease.yaml:18:7', unknown: null },
      { source: 'Secret', name: 'podinfo-secret', key: 'values.yaml', targetPath: null, at: 'apps/podinfo/app/helmrelease.yaml:22:7', unknown: 'Secret "web/podinfo-secret" is SOPS-encrypted' },
      { source: 'values', name: null, key: null, targetPath: null, at: 'apps/podinfo/app/helmrelease.yaml:25:5', unknown: null },
    ]);
  });

  it('merges echo/echo and marks the value from its Secret layer as secret', () => {
    const composed = composeValues(model, release('echo', 'echo'));
    expect(composed.values.toJSON()).toEqual({
      auth: { enabled: true, username: 'admin@home.example.org' },
      ingress: { enabled: true, hosts: [{ host: 'echo.home.example.org', paths: ['/'] }] },
    });
    expect(model.origins.isSecret(nodeAt(composed.values, ['auth', 'username'])!)).toBe(true);
    expect(model.origins.isSecret(nodeAt(composed.values, ['auth', 'enabled'])!)).toBe(false);
    expect(composed.layers.map((l) => `${l.source} ${l.name} ${l.key} ${l.targetPath} ${at(l.location)} ${l.unknown}`)).toEqual([
      'ConfigMap echo-values values.yaml null apps/echo/app/helmrelease.yaml:24:7 null',
      'Secret echo-auth username auth.username apps/echo/app/helmrelease.yaml:26:7 null',
      'values null null null apps/echo/app/helmrelease.yaml:31:5 null',
    ]);
  });

  it('reads values.yaml of a generated ConfigMap after postBuild substitution', () => {
    const data = nodeAt(object('ConfigMap', 'web', 'podinfo-values').node, ['data', 'values.yaml']);
    expect(String(plain(data))).toContain('logo: https://static.home.example.org/podinfo.png'); // the model substituted the data
    const values = composeValues(model, release('web', 'podinfo')).values;
    expect(plain(nodeAt(values, ['ui', 'logo']))).toBe('https://static.home.example.org/podinfo.png');
    expect(at(model.origins.locate(nodeAt(values, ['ui', 'logo'])))).toBe('apps/podinfo/app/values.yaml:5:9');
  });

  it('merges spec.values into a mapping that a targetPath created', async () => {
    const dir = makeRepo({
      'app.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: creds',
        '  namespace: apps',
        'data:',
        '  user: admin',
        '---',
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'metadata:',
        '  name: app',
        '  namespace: apps',
        'spec:',
        '  valuesFrom:',
        '    - kind: ConfigMap',
        '      name: creds',
        '      valuesKey: user',
        '      targetPath: auth.user',
        '  values:',
        '    auth:',
        '      realm: home',
        '',
      ].join('\n'),
    });
    const flux = (await lintDir(dir)).repository.flux;
    const hr = flux.ofKind('HelmRelease')[0]!;
    const composed = composeValues(flux, hr);
    expect(composed.values.toJSON()).toEqual({ auth: { user: 'admin', realm: 'home' } });
    expect(renderValues(flux, { reference: 'apps/app', path: 'auth' }, 'yaml')).toEqual({
      output: [
        '# Effective values of HelmRelease apps/app, merged from:',
        '# ConfigMap creds [user] -> auth.user (app.yaml:16)',
        '# values (app.yaml:21)',
        'user: admin # app.yaml:7',
        'realm: home # app.yaml:22',
        '',
      ].join('\n'),
    });
  });

  it('applies the patches of the kustomization at spec.path to the objects of the components Flux adds there', async () => {
    const dir = makeRepo({
      'ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: demo\n  namespace: flux-system\nspec:\n  interval: 10m\n  prune: true\n  path: ./apps/demo\n  components: [../../components/app]\n  targetNamespace: default\n  sourceRef: {kind: GitRepository, name: flux-system}\n',
      'components/app/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [helmrelease.yaml, repository.yaml]\n',
      'components/app/helmrelease.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: demo\nspec:\n  interval: 1h\n  chart: {spec: {chart: podinfo, sourceRef: {kind: HelmRepository, name: podinfo}}}\n  values:\n    a: 1\n',
      'components/app/repository.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: podinfo\nspec:\n  interval: 1h\n  url: https://stefanprodan.github.io/podinfo\n',
      'apps/demo/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [account.yaml]\npatches:\n  - path: patches/helmrelease.yaml\n',
      'apps/demo/account.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: demo\n',
      'apps/demo/patches/helmrelease.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: demo\nspec:\n  values:\n    b: 2\n',
    });
    const result = await lintDir(dir);
    // The patch matches (no kustomize/build-error), and its file is applied (no flux/unreached).
    expect(result.diagnostics.map(brief)).toEqual([]);
    expect(renderValues(result.repository.flux, { reference: 'default/demo' }, 'yaml')).toEqual({
      output: ['# Effective values of HelmRelease default/demo, merged from:', '# values (components/app/helmrelease.yaml:9)', 'a: 1 # components/app/helmrelease.yaml:9', 'b: 2 # apps/demo/patches/helmrelease.yaml:7', ''].join('\n'),
    });
  });

  it('says nothing of a variable without a value in a CustomResourceDefinition: its text is documentation', async () => {
    const dir = makeRepo({
      'ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n  namespace: flux-system\nspec:\n  path: ./app\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  postBuild:\n    substitute:\n      APP: app\n',
      'app/crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          description: Substitutes ${var:position} in the text.\n',
      'app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: default}\ndata: {a: "${MISSING}"}\n',
    });
    expect(findings(await lintDir(dir), 'flux/unresolved-substitution')).toEqual(['flux/unresolved-substitution app/cm.yaml:4:12']);
  });

  it('reports a variable without a value once per file, listing its other uses there', async () => {
    const dashboard = '{\n  "a": "${DS_PROMETHEUS}",\n  "b": "${DS_PROMETHEUS}",\n  "c": "${OTHER}",\n  "d": "${DS_PROMETHEUS}"\n}\n';
    const dir = makeRepo({
      'ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n  namespace: flux-system\nspec:\n  path: ./app\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  postBuild:\n    substitute:\n      APP: app\n',
      'app/kustomization.yaml': 'configMapGenerator:\n  - name: dashboard\n    files: [dashboard.json]\n',
      'app/dashboard.json': dashboard,
    });
    const result = await lintDir(dir);
    const unresolved = result.diagnostics.filter((d) => d.ruleId === 'flux/unresolved-substitution');
    expect(unresolved.map((d) => `${brief(d)} ${d.message}`)).toEqual([
      'flux/unresolved-substitution app/dashboard.json:2:9 ${DS_PROMETHEUS} has no value in Kustomization "flux-system/app": neither postBuild.substitute nor substituteFrom defines DS_PROMETHEUS, and it has no default; Flux substitutes an empty string, or fails in strict mode. This file uses it 3 times.',
      'flux/unresolved-substitution app/dashboard.json:4:9 ${OTHER} has no value in Kustomization "flux-system/app": neither postBuild.substitute nor substituteFrom defines OTHER, and it has no default; Flux substitutes an empty string, or fails in strict mode.',
    ]);
    expect(unresolved[0]!.related.map((r) => `${r.location.file}:${r.location.line}:${r.location.column} ${r.message}`)).toEqual([
      'ks.yaml:4:9 Kustomization "flux-system/app" is defined here',
      'app/dashboard.json:3:9 DS_PROMETHEUS used again',
      'app/dashboard.json:5:9 DS_PROMETHEUS used again',
    ]);
  });

  it('locates values of a substituted block scalar in a ConfigMap on their own lines', async () => {
    const dir = makeRepo({
      'ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n  namespace: flux-system\nspec:\n  path: ./app\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  postBuild:\n    substitute:\n      DOMAIN: example.org\n',
      'app/kustomization.yaml': 'resources:\n  - release.yaml\n',
      'app/release.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: app-values',
        '  namespace: apps',
        'data:',
        '  values.yaml: |',
        '    host: app.${DOMAIN}',
        '    port: 8080',
        '---',
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'metadata:',
        '  name: app',
        '  namespace: apps',
        'spec:',
        '  valuesFrom:',
        '    - kind: ConfigMap',
        '      name: app-values',
        '',
      ].join('\n'),
    });
    const flux = (await lintDir(dir)).repository.flux;
    const values = composeValues(flux, flux.ofKind('HelmRelease')[0]!).values;
    expect(values.toJSON()).toEqual({ host: 'app.example.org', port: 8080 });
    expect(at(flux.origins.locate(nodeAt(values, ['port'])))).toBe('app/release.yaml:9:11');
    expect(at(flux.origins.locate(nodeAt(values, ['host'])))).toBe('app/release.yaml:8:11');
  });
});

describe('rules on fixtures/flux', () => {
  const SOPS_INFO =
    'flux/unresolved-substitution clusters/home/cluster-secrets.sops.yaml:4:9 info Secret "cluster-secrets" is SOPS-encrypted: the variable ADMIN_EMAIL taken from it is unknown to fluxlint, and values using it are not checked.';

  it('reports exactly the missing HelmRepository, the undefined variable and the missing resource file', () => {
    expect(result.internalErrors).toEqual([]);
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.severity} ${d.message}`)).toEqual([
      'flux/missing-reference apps/podinfo/app/helmrelease.yaml:13:15 error HelmRelease "web/podinfo" refers to HelmRepository "flux-system/podinfo" (spec.chart.spec.sourceRef), which the repository does not define.',
      'flux/unresolved-substitution apps/podinfo/app/helmrelease.yaml:35:16 warning ${CLUSTER_NAME} has no value in Kustomization "flux-system/podinfo": neither postBuild.substitute nor substituteFrom defines CLUSTER_NAME, and it has no default; Flux substitutes an empty string, or fails in strict mode.',
      'kustomize/missing-resource apps/podinfo/app/kustomization.yaml:7:5 error The resource "./pvc.yaml" does not exist.',
      SOPS_INFO,
    ]);
  });

  it('fires nothing else from flux/* or kustomize/*', () => {
    expect(findings(result, 'flux/')).toEqual([
      'flux/missing-reference apps/podinfo/app/helmrelease.yaml:13:15',
      'flux/unresolved-substitution apps/podinfo/app/helmrelease.yaml:35:16',
      'flux/unresolved-substitution clusters/home/cluster-secrets.sops.yaml:4:9',
    ]);
    expect(findings(result, 'kustomize/')).toEqual(['kustomize/missing-resource apps/podinfo/app/kustomization.yaml:7:5']);
  });

  it('gives each finding its related locations and fix', () => {
    const by = (rule: string) => result.diagnostics.find((d) => d.ruleId === rule)!;
    expect(by('flux/missing-reference').related).toEqual([]);
    expect(by('flux/missing-reference').fix).toBe(
      'Add the HelmRepository, correct the name or namespace, or list "HelmRepository/flux-system/podinfo" under `external` in .fluxlint.yaml if it is created outside the repository.',
    );
    expect(by('flux/unresolved-substitution').related.map((r) => `${at(r.location)} ${r.message}`)).toEqual(['apps/podinfo/ks.yaml:4:9 Kustomization "flux-system/podinfo" is defined here']);
    expect(by('flux/unresolved-substitution').location).toEqual({ file: 'apps/podinfo/app/helmrelease.yaml', line: 35, column: 16, endLine: 35, endColumn: 31 });
  });

  it('says once that a variable of the SOPS Secret is unknown, never that it is missing, and passes the SOPS files', () => {
    const admin = result.diagnostics.filter((d) => d.message.includes('ADMIN_EMAIL')).map((d) => `${brief(d)} ${d.severity} ${d.message}`);
    expect(admin).toEqual([SOPS_INFO]);
    expect([...model.unreadableSources].map(([source, variables]) => `${idOf(source).kind} ${idOf(source).namespace}/${idOf(source).name} ${[...variables].join(',')}`)).toEqual([
      'Secret flux-system/cluster-secrets ADMIN_EMAIL',
    ]);
    expect(findings(result, 'sops/')).toEqual([]);
    // The fixture's encrypted files use the helpers' well-formed shapes.
    expect(readFileSync(path.join(DIR, 'clusters/home/cluster-secrets.sops.yaml'), 'utf8')).toBe(
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cluster-secrets\n  namespace: flux-system\nstringData:\n  ADMIN_EMAIL: ${ENC.a}\n${sopsBlock('encrypted_regex: ^(data|stringData)$')}`,
    );
  });
});

describe('fluxlint values on fixtures/flux', () => {
  const ECHO_YAML = [
    '# Effective values of HelmRelease echo/echo, merged from:',
    '# ConfigMap echo-values [values.yaml] (apps/echo/app/helmrelease.yaml:24)',
    '# Secret echo-auth [username] -> auth.username (apps/echo/app/helmrelease.yaml:26)',
    '# values (apps/echo/app/helmrelease.yaml:31)',
    'auth: # apps/echo/app/values.yaml:7',
    '  enabled: true # apps/echo/app/values.yaml:8',
    '  username: "********" # apps/echo/app/secret.yaml:6 (from a Secret)',
    'ingress: # apps/echo/app/values.yaml:10',
    '  enabled: true # apps/echo/app/helmrelease.yaml:32',
    '  hosts: # apps/echo/app/helmrelease.yaml:33',
    '    - host: echo.home.example.org # apps/echo/app/helmrelease.yaml:34',
    '      paths: # apps/echo/app/helmrelease.yaml:35',
    '        - "/" # apps/echo/app/helmrelease.yaml:35',
    '',
  ].join('\n');

  it('prints the effective values, masking the Secret value, with the git work tree as the root', async () => {
    // A copy with its own .git, run from a subdirectory: the root is found as for linting.
    const copy = temporaryDirectory('fluxlint-values-');
    cpSync(DIR, copy, { recursive: true });
    mkdirSync(path.join(copy, '.git'));
    const run = await cli(['values', 'echo/echo'], path.join(copy, 'apps'));
    expect(run).toEqual({ code: 0, stdout: ECHO_YAML, stderr: '' });
    expect(run.stdout).not.toContain('admin@');
  });

  it('prints a subtree as JSON with origins and layers', async () => {
    const run = await cli(['values', 'web/podinfo', 'env', '--format', 'json', '--root', DIR], DIR);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const layers = [
      { source: 'ConfigMap', name: 'podinfo-values', key: 'values.yaml', targetPath: null, file: 'apps/podinfo/app/helmrelease.yaml', line: 16, unknown: null },
      { source: 'ConfigMap', name: 'podinfo-extra', key: 'replicas', targetPath: 'replicaCount', file: 'apps/podinfo/app/helmrelease.yaml', line: 18, unknown: null },
      { source: 'Secret', name: 'podinfo-secret', key: 'values.yaml', targetPath: null, file: 'apps/podinfo/app/helmrelease.yaml', line: 22, unknown: 'Secret "web/podinfo-secret" is SOPS-encrypted' },
      { source: 'values', name: null, key: null, targetPath: null, file: 'apps/podinfo/app/helmrelease.yaml', line: 25, unknown: null },
    ];
    const expected = {
      release: 'web/podinfo',
      path: 'env',
      values: [
        { name: 'TZ', value: 'Europe/Berlin' },
        { name: 'CLUSTER', value: '' },
        { name: 'ADMIN_EMAIL', value: '${ADMIN_EMAIL}' },
      ],
      origins: [
        { path: 'env.0.name', file: 'apps/podinfo/app/helmrelease.yaml', line: 32, column: 15 },
        { path: 'env.0.value', file: 'apps/podinfo/app/helmrelease.yaml', line: 33, column: 16 },
        { path: 'env.1.name', file: 'apps/podinfo/app/helmrelease.yaml', line: 34, column: 15 },
        { path: 'env.1.value', file: 'apps/podinfo/app/helmrelease.yaml', line: 35, column: 16 },
        { path: 'env.2.name', file: 'apps/podinfo/app/helmrelease.yaml', line: 36, column: 15 },
        { path: 'env.2.value', file: 'apps/podinfo/app/helmrelease.yaml', line: 37, column: 16 },
      ],
      layers,
    };
    expect(run.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('masks a Secret value in JSON too', async () => {
    const run = await cli(['values', 'echo/echo', 'auth', '--format', 'json', '--root', DIR], DIR);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      release: 'echo/echo',
      path: 'auth',
      values: { enabled: true, username: '********' },
      origins: [
        { path: 'auth.enabled', file: 'apps/echo/app/values.yaml', line: 8, column: 16 },
        { path: 'auth.username', file: 'apps/echo/app/secret.yaml', line: 6, column: 13 },
      ],
      layers: [
        { source: 'ConfigMap', name: 'echo-values', key: 'values.yaml', targetPath: null, file: 'apps/echo/app/helmrelease.yaml', line: 24, unknown: null },
        { source: 'Secret', name: 'echo-auth', key: 'username', targetPath: 'auth.username', file: 'apps/echo/app/helmrelease.yaml', line: 26, unknown: null },
        { source: 'values', name: null, key: null, targetPath: null, file: 'apps/echo/app/helmrelease.yaml', line: 31, unknown: null },
      ],
    });
    expect(run.stdout).not.toContain('admin@');
  });

  it('prints web/podinfo with every ${VAR} that has a value substituted', async () => {
    const run = await cli(['values', 'web/podinfo', '--root', DIR], DIR);
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        '# Effective values of HelmRelease web/podinfo, merged from:',
        '# ConfigMap podinfo-values [values.yaml] (apps/podinfo/app/helmrelease.yaml:16)',
        '# ConfigMap podinfo-extra [replicas] -> replicaCount (apps/podinfo/app/helmrelease.yaml:18)',
        '# Secret podinfo-secret [values.yaml] (apps/podinfo/app/helmrelease.yaml:22): not read, Secret "web/podinfo-secret" is SOPS-encrypted',
        '# values (apps/podinfo/app/helmrelease.yaml:25)',
        'replicaCount: 3 # apps/podinfo/app/extra-values.yaml:6',
        'ui: # apps/podinfo/app/values.yaml:2',
        '  color: "#34577c" # apps/podinfo/app/values.yaml:3',
        '  message: Hello from podinfo.home.example.org # apps/podinfo/app/helmrelease.yaml:26',
        '  logo: https://static.home.example.org/podinfo.png # apps/podinfo/app/values.yaml:5',
        'ingress: # apps/podinfo/app/values.yaml:6',
        '  enabled: true # apps/podinfo/app/values.yaml:7',
        '  className: null # apps/podinfo/app/helmrelease.yaml:28',
        '  hosts: # apps/podinfo/app/helmrelease.yaml:29',
        '    - host: podinfo.home.example.org # apps/podinfo/app/helmrelease.yaml:30',
        'resources: # apps/podinfo/app/values.yaml:11',
        '  limits: # apps/podinfo/app/values.yaml:12',
        '    memory: 128Mi # apps/podinfo/app/values.yaml:13',
        'env: # apps/podinfo/app/helmrelease.yaml:31',
        '  - name: TZ # apps/podinfo/app/helmrelease.yaml:32',
        '    value: Europe/Berlin # apps/podinfo/app/helmrelease.yaml:33',
        '  - name: CLUSTER # apps/podinfo/app/helmrelease.yaml:34',
        '    value: "" # apps/podinfo/app/helmrelease.yaml:35',
        '  - name: ADMIN_EMAIL # apps/podinfo/app/helmrelease.yaml:36',
        '    value: ${ADMIN_EMAIL} # apps/podinfo/app/helmrelease.yaml:37',
        '',
      ].join('\n'),
    });
  });

  it('exits 2 and lists the releases for an unknown release', async () => {
    expect(await cli(['values', 'web/nope', '--root', DIR], DIR)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'fluxlint: no HelmRelease "web/nope" in the repository; there are: echo/echo, web/podinfo\n',
    });
  });

  it('exits 2 for a path with nothing at it', async () => {
    expect(await cli(['values', 'web/podinfo', 'ui.nope', '--root', DIR], DIR)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'fluxlint: the values of HelmRelease "web/podinfo" have nothing at "ui.nope"\n',
    });
  });
});

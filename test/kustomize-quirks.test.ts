import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlias, visit } from 'yaml';
import { KustomizeBuilder, type KustomizeBuild } from '../src/model/kustomize/build.js';
import { Origins } from '../src/model/origins.js';
import { loadRepository } from '../src/model/repository.js';
import { DiskTree } from '../src/discover/tree.js';
import { parseYamlFile } from '../src/yaml/file.js';
import { stringAt } from '../src/yaml/nodes.js';
import type { Location } from '../src/diagnostic.js';
import { composeValues } from '../src/model/flux/helm-values.js';
import { brief, FIXTURES, lintDir, makeRepo } from './helpers.js';

/**
 * Where Flux's kustomize (go-yaml, kustomize v5.5.0) differs from the obvious
 * reading, on small cases in fixtures/kustomize/quirks/<case>/. Every expected
 * object is what `kubectl kustomize --load-restrictor=LoadRestrictionsNone` prints
 * for the same directory (hash suffixes included); every expected problem is where
 * kubectl fails (its message quoted in the test's comment).
 */

const CASES = path.join(FIXTURES, 'kustomize', 'quirks');

async function build(fixture: string, dir = ''): Promise<{ build: KustomizeBuild; origins: Origins }> {
  const repository = await loadRepository(new DiskTree(path.join(CASES, fixture)), [], []);
  const origins = new Origins();
  return { build: new KustomizeBuilder(repository, origins).build(dir), origins };
}

const at = (location: Location | null) => (location ? `${location.file}:${location.line}:${location.column}` : null);
const problems = (build: KustomizeBuild) => build.problems.map((p) => `${p.kind} ${at(p.location)} ${p.message}`);

/** The built objects as JSON, in kubectl's order for these cases (kind, then name). */
const objects = (build: KustomizeBuild) =>
  build.objects
    .map((o) => o.node.toJSON() as { kind: string; metadata: { name: string } })
    .sort((a, b) => (`${a.kind}/${a.metadata.name}` < `${b.kind}/${b.metadata.name}` ? -1 : 1));

async function lintFindings(fixture: string): Promise<string[]> {
  const result = await lintDir(path.join(CASES, fixture));
  return result.diagnostics.map((d) => `${brief(d)} ${d.severity} ${d.message}`);
}

describe('generator files', () => {
  it('reports a remote generator file as not fetched (info), builds the rest and marks the entries as not known', async () => {
    const { build: built } = await build('remote-generator');
    // kubectl: loading KV pairs: env source files: [https://example.com/settings.env]: Get "https://example.com/settings.env": dial tcp: … no such host
    expect(problems(built)).toEqual([
      'remote kustomization.yaml:7:9 Remote generator file "https://example.com/settings.env" is not fetched; fluxlint works offline, so the entries it gives ConfigMap "dashboards" are not known.',
      'remote kustomization.yaml:4:9 Remote generator file "https://raw.githubusercontent.com/example/dashboards/main/nodes.json" is not fetched; fluxlint works offline, so the entries it gives ConfigMap "dashboards" are not known.',
    ]);
    expect(objects(built)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dashboards-k752t5gkh5' }, data: { 'local.json': '{"title": "local"}\n' } }]);
    expect(built.objects[0]!.unknownKeys).toBe('its entries from "https://example.com/settings.env", "https://raw.githubusercontent.com/example/dashboards/main/nodes.json" are not fetched');
    expect(await lintFindings('remote-generator')).toEqual([
      'kustomize/remote-resource kustomization.yaml:4:9 info Remote generator file "https://raw.githubusercontent.com/example/dashboards/main/nodes.json" is not fetched; fluxlint works offline, so the entries it gives ConfigMap "dashboards" are not known.',
      'kustomize/remote-resource kustomization.yaml:7:9 info Remote generator file "https://example.com/settings.env" is not fetched; fluxlint works offline, so the entries it gives ConfigMap "dashboards" are not known.',
    ]);
  });

  it('puts a binary file under binaryData of a ConfigMap and base64 data of a Secret, with kustomize’s hash suffixes', async () => {
    const { build: built, origins } = await build('binary-generator');
    expect(problems(built)).toEqual([]);
    expect(objects(built)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'branding-tk2fcd596b' },
        binaryData: {
          'logo.png': 'iVBORw0KGgoAAAANSUhEUgAAAAH//g==',
          'long.bin':
            'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMz\n' +
            'Q1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdo\n' +
            'aWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ\n' +
            '2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR\n' +
            '0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==\n',
        },
        data: { 'greeting.txt': 'hello\n' },
      },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'branding-secret-cbkmc6g958' }, type: 'Opaque', data: { 'logo.png': 'iVBORw0KGgoAAAANSUhEUgAAAAH//g==' } },
    ]);
    // A binary value has no text to point into: it is placed on its `files` entry.
    const configMap = built.objects.find((o) => stringAt(o.node, ['kind']) === 'ConfigMap')!;
    const logo = (configMap.node.get('binaryData') as { get(key: string, keep: true): never }).get('logo.png', true);
    expect(at(origins.locate(logo))).toBe('kustomization.yaml:4:9');
    expect(await lintFindings('binary-generator')).toEqual([]);
  });
});

describe('YAML as go-yaml reads it', () => {
  it('reads `*app:` as the alias app used as a key, with exact positions, and drops null annotations as kustomize does', async () => {
    const { build: built } = await build('go-yaml', 'app');
    expect(problems(built)).toEqual([]);
    expect(objects(built)).toEqual([
      // `labels: null` stays, `annotations: {}` goes; a `|` scalar ending the file without a line break has none.
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'script', labels: null }, data: { 'run.sh': '#!/bin/sh\necho hello' } },
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'web' },
        spec: {
          interval: '1h',
          chartRef: { kind: 'OCIRepository', name: 'app-template' },
          values: { controllers: { web: { type: 'deployment' } }, service: { main: { controller: 'web' } } },
        },
      },
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'OCIRepository',
        metadata: { name: 'app-template' },
        spec: { interval: '1h', url: 'oci://ghcr.io/bjw-s/helm/app-template', ref: { tag: '3.5.1' } },
      },
    ]);
    expect(await lintFindings('go-yaml')).toEqual([]);
  });

  it('keeps every position of a file with `*name:` keys the written one', () => {
    const text = 'metadata:\n  name: &app web\nvalues:\n  *app:\n    type: x\n  list: [*app, {*app: 1}]\n  quoted: "*app: x"\n  after: end\n';
    const file = parseYamlFile('release.yaml', text);
    expect(file.problems).toEqual([]);
    const document = file.documents[0]!;
    expect(document.toJS()).toEqual({ metadata: { name: 'web' }, values: { web: { type: 'x' }, list: ['web', { web: 1 }], quoted: '*app: x', after: 'end' } });
    const aliases: string[] = [];
    visit(document.doc, {
      Node(_key, node) {
        if (isAlias(node)) aliases.push(`*${node.source} ${at(document.locate(node))}`);
      },
    });
    expect(aliases).toEqual(['*app release.yaml:4:3', '*app release.yaml:6:10', '*app release.yaml:6:17']);
    const after = document.contents && (document.doc.getIn(['values', 'after'], true) as { range?: number[] });
    expect(at(document.locate(after))).toBe('release.yaml:8:10');
  });

  it('reports an alias key go-yaml also rejects (a colon not followed by a space) as a syntax error', () => {
    const file = parseYamlFile('bad.yaml', 'a: &x 1\n*x:y: 2\n');
    expect(file.problems.map((p) => `${p.kind} ${at(p.location)}`)).toEqual(['syntax bad.yaml:2:1']);
  });

  it('ends a block scalar that ends the file without a line break as go-yaml does, whatever its chomping', () => {
    const value = (text: string) => (parseYamlFile('f.yaml', text).documents[0]!.toJS() as { a: string }).a;
    expect(value('a: |\n  one\n  two')).toBe('one\ntwo');
    expect(value('a: |+\n  one\n  two')).toBe('one\ntwo');
    expect(value('a: >\n  one\n  two')).toBe('one two');
    // With a line break, or blank lines after the text, the value is the specified one.
    expect(value('a: |\n  one\n  two\n')).toBe('one\ntwo\n');
    expect(value('a: |\n  one\n  two\n\n  ')).toBe('one\ntwo\n');
  });
});

describe('references, transformers and build errors', () => {
  it('renames a reference to a generated object only where the namespaces do not differ as written', async () => {
    const { build: built } = await build('name-reference');
    expect(problems(built)).toEqual([]);
    const valuesFrom = (name: string) => built.objects.find((o) => stringAt(o.node, ['metadata', 'name']) === name)!.node.toJSON().spec.valuesFrom;
    // Both namespaces written: the same one follows, another does not (kubectl agrees).
    expect(valuesFrom('same')).toEqual([{ kind: 'ConfigMap', name: 'values-dt79f5gthg' }]);
    expect(valuesFrom('other')).toEqual([{ kind: 'ConfigMap', name: 'values' }]);
    // One side without a namespace follows. kubectl keeps "values" here (and "shared" in the
    // Deployment), but under Flux a Kustomization's targetNamespace is written into the
    // kustomization and puts both sides in one namespace before the hash, and the build
    // cannot know that overlay: following is what Flux does with the usual targetNamespace.
    expect(valuesFrom('unset')).toEqual([
      { kind: 'ConfigMap', name: 'values-dt79f5gthg' },
      { kind: 'ConfigMap', name: 'shared-4h2mbtbbt6' },
    ]);
    const deployment = built.objects.find((o) => stringAt(o.node, ['kind']) === 'Deployment')!.node.toJSON();
    expect(deployment.spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'values' } }, { configMapRef: { name: 'shared-4h2mbtbbt6' } }]);
  });

  it('applies builtin Label, Annotations, ImageTag, Patch and PrefixSuffix transformer configs (inline or in a file) and reports any other transformer', async () => {
    const { build: built, origins } = await build('transformers');
    expect(problems(built)).toEqual(['unmodelled replicas.yaml:2:7 Transformer ReplicaCountTransformer "replicas" is not modelled: fluxlint checks the objects as if it did not run.']);
    // kubectl also sets the Deployment's replicas to 3 (the transformer fluxlint does not model); all else is the same.
    expect(objects(built)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'media-settings', namespace: 'media', annotations: { team: 'media' } }, data: { mode: 'fast' } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'media-app', namespace: 'media', annotations: { team: 'media' } },
        spec: {
          replicas: 2,
          template: { metadata: { labels: { app: 'app', 'routed-gateway': 'true', enabled: 'true' } }, spec: { containers: [{ name: 'app', image: 'ghcr.io/example/app:2.0' }] } },
        },
      },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'media', labels: { 'routed-gateway': 'true', enabled: 'true' }, annotations: { team: 'media' } } },
    ]);
    const node = (kind: string, steps: string[]) => built.objects.find((o) => stringAt(o.node, ['kind']) === kind)!.node.getIn(steps, true) as never;
    expect(at(origins.locate(node('Namespace', ['metadata', 'labels', 'routed-gateway'])))).toBe('kustomization.yaml:10:23');
    expect(at(origins.locate(node('ConfigMap', ['data', 'mode'])))).toBe('settings-patch.yaml:7:9');
    expect(await lintFindings('transformers')).toEqual([
      'kustomize/unmodelled-transformer replicas.yaml:2:7 info Transformer ReplicaCountTransformer "replicas" is not modelled: fluxlint checks the objects as if it did not run.',
    ]);
  });

  it('applies a NamespaceTransformer config as kustomize does: Namespace objects keep their name, default subjects move', async () => {
    const { build: built } = await build('namespace-transformer');
    expect(problems(built)).toEqual([]);
    const namespaces = built.objects.map((o) => `${stringAt(o.node, ['kind'])}/${stringAt(o.node, ['metadata', 'name'])} ${stringAt(o.node, ['metadata', 'namespace']) ?? '-'}`);
    expect(namespaces).toEqual(['Namespace/media -', 'Deployment/app games', 'ConfigMap/settings games', 'RoleBinding/rb games', 'ServiceAccount/sa games', 'ClusterRole/cr -']);
    const binding = built.objects.find((o) => stringAt(o.node, ['kind']) === 'RoleBinding')!.node.toJSON();
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'sa', namespace: 'games' }]);
  });

  it('reports an empty kustomization, a Component under resources and a Kustomization under components, where kubectl fails', async () => {
    // kubectl: kustomization.yaml is empty
    expect(problems((await build('build-errors', 'empty')).build)).toEqual([
      'invalid empty/kustomization.yaml:1:1 empty/kustomization.yaml is empty (it sets nothing besides apiVersion and kind); kustomize build fails on it: "kustomization.yaml is empty".',
    ]);
    // kubectl: kustomization.yaml is empty (a null `resources:` is no resource)
    expect(problems((await build('build-errors', 'comments-only')).build)).toEqual([
      'invalid comments-only/kustomization.yaml:2:1 comments-only/kustomization.yaml is empty (it sets nothing besides apiVersion and kind); kustomize build fails on it: "kustomization.yaml is empty".',
    ]);
    // kubectl: accumulating resources from '../volsync': … expected kind != 'Component' for path '…/volsync'
    expect(problems((await build('build-errors', 'uses-component')).build)).toEqual([
      'invalid uses-component/kustomization.yaml:4:5 Resource "../volsync" is a kustomize Component (kind: Component); kustomize build fails on a Component listed under resources: list it under components.',
    ]);
    // kubectl: accumulating components: … expected kind 'Component' for path '…/plain' but got 'Kustomization'
    const usesKustomization = await build('build-errors', 'uses-kustomization');
    expect(problems(usesKustomization.build)).toEqual([
      'invalid uses-kustomization/kustomization.yaml:6:5 Component "../plain" is a Kustomization, not a kind: Component; kustomize build fails on it: list it under resources, or make it kind: Component.',
    ]);
    // A Component built on its own is fine (kubectl builds it).
    expect(problems((await build('build-errors', 'volsync')).build)).toEqual([]);
    expect(await lintFindings('build-errors')).toEqual([
      'kustomize/build-error comments-only/kustomization.yaml:2:1 error comments-only/kustomization.yaml is empty (it sets nothing besides apiVersion and kind); kustomize build fails on it: "kustomization.yaml is empty".',
      'kustomize/build-error empty/kustomization.yaml:1:1 error empty/kustomization.yaml is empty (it sets nothing besides apiVersion and kind); kustomize build fails on it: "kustomization.yaml is empty".',
      'kustomize/build-error uses-component/kustomization.yaml:4:5 error Resource "../volsync" is a kustomize Component (kind: Component); kustomize build fails on a Component listed under resources: list it under components.',
      'kustomize/build-error uses-kustomization/kustomization.yaml:6:5 error Component "../plain" is a Kustomization, not a kind: Component; kustomize build fails on it: list it under resources, or make it kind: Component.',
    ]);
  });
});

describe('a ConfigMap with entries from a remote generator file', () => {
  const files = {
    'ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n  path: ./app\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: settings\n',
    'settings/kustomization.yaml': 'namespace: flux-system\nconfigMapGenerator:\n  - name: settings\n    envs:\n      - https://example.com/settings.env\n    literals:\n      - LOCAL=here\ngeneratorOptions:\n  disableNameSuffixHash: true\n',
    'app/kustomization.yaml': 'resources:\n  - release.yaml\n',
    'app/release.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: flux-system\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: web\n  valuesFrom:\n    - kind: ConfigMap\n      name: settings\n      valuesKey: values.yaml\n  values:\n    host: ${DOMAIN}\n    local: ${LOCAL}\n',
  };

  it('leaves a variable it may define unknown, not unset, and says why a values key cannot be read', async () => {
    const result = await lintDir(makeRepo(files));
    expect(result.diagnostics.filter((d) => d.ruleId === 'flux/unresolved-substitution' && d.severity !== 'info').map(brief)).toEqual([]);
    const release = result.repository.flux.ofKind('HelmRelease')[0]!;
    expect(composeValues(result.repository.flux, release).layers.map((l) => l.unknown)).toEqual([
      'ConfigMap "flux-system/settings": its entries from "https://example.com/settings.env" are not fetched',
      null,
    ]);
  });
});

describe('an empty kustomization.yaml that a Flux Kustomization builds', () => {
  const ks = (extra: string) =>
    `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n  path: ./app\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
  const empty = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';

  it('builds when Flux writes its overlay into it (targetNamespace, patches, images, components, ...)', async () => {
    const result = await lintDir(makeRepo({ 'ks.yaml': ks('  targetNamespace: apps\n'), 'app/kustomization.yaml': empty }));
    expect(result.diagnostics.filter((d) => d.ruleId === 'kustomize/build-error').map(brief)).toEqual([]);
  });

  it('fails as kustomize fails without one', async () => {
    const result = await lintDir(makeRepo({ 'ks.yaml': ks(''), 'app/kustomization.yaml': empty }));
    expect(result.diagnostics.filter((d) => d.ruleId === 'kustomize/build-error').map(brief)).toEqual(['kustomize/build-error app/kustomization.yaml:1:1']);
  });
});

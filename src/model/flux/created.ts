import { nodeAt, stringAt, stringValue } from '../../yaml/nodes.js';
import type { Repository } from '../repository.js';
import { groupOf, idOf } from '../kustomize/object.js';
import { chartOf } from './chart.js';
import { bootstrapPlaceholders } from './entries.js';
import { composeValues } from './helm-values.js';
import type { AppliedObject, FluxModel } from './model.js';

/** An object made in the cluster; `kind` null means a Flux source of a kind fluxlint cannot read. */
interface Created {
  kind: string | null;
  namespace: string;
  name: string;
}

/** Something in the repository that makes objects in the cluster, and where that fact comes from. */
interface Creator {
  /** API group and kind of the object that creates; `*` for any kind of the group. */
  group: string;
  kind: string;
  /** The documentation that says what it creates. */
  source: string;
  creates(object: AppliedObject, model: FluxModel): Created[];
}

/** The kinds a Flux Kustomization's `sourceRef` may name. */
const SOURCE_KINDS = new Set(['GitRepository', 'OCIRepository', 'Bucket']);

/**
 * What the objects of a repository create in the cluster: they are not written in
 * the repository, yet they exist, and references to them are not missing. One row
 * per creator, each with its source; a new creator is a new row.
 */
const CREATORS: Creator[] = [
  {
    group: 'external-secrets.io',
    kind: 'ExternalSecret',
    source: 'https://external-secrets.io/latest/api/externalsecret/ (spec.target.name, default: the ExternalSecret name)',
    creates: (object) => [secret(object, stringValue(nodeAt(object.node, ['spec', 'target', 'name'])) ?? idOf(object).name)],
  },
  {
    group: 'bitnami.com',
    kind: 'SealedSecret',
    source: 'https://github.com/bitnami-labs/sealed-secrets#overview (a Secret of the same name)',
    creates: (object) => [secret(object, idOf(object).name)],
  },
  {
    group: 'onepassword.com',
    kind: 'OnePasswordItem',
    source: 'https://github.com/1Password/onepassword-operator#usage (a Secret of the same name)',
    creates: (object) => [secret(object, idOf(object).name)],
  },
  {
    group: 'cert-manager.io',
    kind: 'Certificate',
    source: 'https://cert-manager.io/docs/usage/certificate/ (spec.secretName)',
    creates: (object) => {
      const name = stringValue(nodeAt(object.node, ['spec', 'secretName']));
      return name ? [secret(object, name)] : [];
    },
  },
  {
    group: 'objectbucket.io',
    kind: 'ObjectBucketClaim',
    source: 'https://github.com/kube-object-storage/lib-bucket-provisioner (a ConfigMap and a Secret of the claim name)',
    creates: (object) => [{ ...secret(object, idOf(object).name), kind: 'ConfigMap' }, secret(object, idOf(object).name)],
  },
  {
    group: 'postgresql.cnpg.io',
    kind: 'Cluster',
    source: 'https://cloudnative-pg.io/documentation/current/applications/ and /certificates/ (<cluster>-app, -superuser, -ca, -server, -replication)',
    creates: (object) => ['app', 'superuser', 'ca', 'server', 'replication'].map((suffix) => secret(object, `${idOf(object).name}-${suffix}`)),
  },
  {
    group: 'fluxcd.controlplane.io',
    kind: 'FluxInstance',
    source: 'https://fluxcd.control-plane.io/operator/flux-sync/ (a source of spec.sync.kind and a Kustomization, named spec.sync.name, default: the namespace)',
    creates: (object) => {
      const sync = nodeAt(object.node, ['spec', 'sync']);
      const namespace = idOf(object).namespace || 'flux-system';
      return sync ? syncObjects(stringValue(nodeAt(sync, ['kind'])), stringValue(nodeAt(sync, ['name'])) ?? namespace, namespace) : [];
    },
  },
  {
    group: 'helm.toolkit.fluxcd.io',
    kind: 'HelmRelease',
    source: 'https://github.com/controlplaneio-fluxcd/charts/tree/main/charts/flux-instance (values instance.sync make the FluxInstance sync, in the release namespace)',
    creates: (object, model) => {
      if (chartOf(model, object)?.name !== 'flux-instance') return [];
      const values = composeValues(model, object);
      const sync = nodeAt(values.values, ['instance', 'sync']);
      const unread = values.layers.some((layer) => layer.unknown !== null);
      if (!sync && !unread) return [];
      const namespace = stringValue(nodeAt(object.node, ['spec', 'targetNamespace'])) ?? (idOf(object).namespace || 'flux-system');
      // Values fluxlint cannot read (a SOPS-encrypted Secret) may hold the sync: any source kind then.
      const kind = stringValue(nodeAt(sync, ['kind']));
      return syncObjects(kind, stringValue(nodeAt(sync, ['name'])) ?? namespace, namespace);
    },
  },
];

function secret(object: AppliedObject, name: string): Created {
  return { kind: 'Secret', namespace: idOf(object).namespace, name };
}

function syncObjects(kind: string | null, name: string, namespace: string): Created[] {
  return [
    { kind: kind && SOURCE_KINDS.has(kind) ? kind : null, namespace, name },
    { kind: 'Kustomization', namespace, name },
  ];
}

/** The flux-system objects a placeholder gotk-sync.yaml stands for. */
function bootstrapPlaceholderObjects(repository: Repository): Created[] {
  return bootstrapPlaceholders(repository).length ? syncObjects('GitRepository', 'flux-system', 'flux-system') : [];
}

/**
 * Without an entry point: the GitRepository of a Flux Kustomization nothing in the
 * repository applies, where the repository does not define it. fluxlint builds such a
 * root from this repository, taking its GitRepository to be this one; whoever applies
 * the root (flux bootstrap, a documented `kubectl apply`) creates that GitRepository
 * too, as an entry point's sync source is created. Other source kinds hold artifacts
 * fluxlint does not build, and stay missing when not defined.
 */
function rootSources(model: FluxModel): Created[] {
  const defined = new Set(model.repository.ofKind('GitRepository').map((object) => object.name));
  return model.objects.flatMap((object) => {
    const id = idOf(object);
    if (object.owner || id.kind !== 'Kustomization' || groupOf(id.apiVersion) !== 'kustomize.toolkit.fluxcd.io') return [];
    const kind = stringValue(nodeAt(object.node, ['spec', 'sourceRef', 'kind'])) ?? 'GitRepository';
    const name = stringValue(nodeAt(object.node, ['spec', 'sourceRef', 'name']));
    if (!name || kind !== 'GitRepository' || defined.has(name)) return [];
    return [{ kind, namespace: stringValue(nodeAt(object.node, ['spec', 'sourceRef', 'namespace'])) ?? (id.namespace || 'flux-system'), name }];
  });
}

/** A text as written, or the length of the text a SOPS `ENC[…]` value encrypts (AES-GCM keeps lengths). */
type Identity = string | { encryptedLength: number };

function identity(text: string): Identity {
  const data = /^ENC\[AES256_GCM,data:([A-Za-z0-9+/=]*),/.exec(text)?.[1];
  return data === undefined ? text : { encryptedLength: Buffer.from(data, 'base64').length };
}

/** Whether a written or encrypted identity part can be this text (an encrypted one: when the lengths agree). */
function canBe(part: Identity, text: string): boolean {
  return typeof part === 'string' ? part === text : part.encryptedLength === Buffer.byteLength(text);
}

/** The objects the repository creates in the cluster, to ask whether a reference names one. */
export class CreatedObjects {
  private readonly keys = new Set<string>();
  /**
   * Documents SOPS encrypted whole (no encrypted_regex): their kind and name are
   * ciphertext, which Flux decrypts before applying. A reference may name one of them.
   */
  private readonly encrypted: { kind: Identity; name: Identity; namespace: Identity }[] = [];

  constructor(model: FluxModel) {
    const byKind = new Map<string, Creator[]>();
    for (const creator of CREATORS) byKind.set(creator.kind, [...(byKind.get(creator.kind) ?? []), creator]);
    const created: Created[] = bootstrapPlaceholderObjects(model.repository);
    // An entry point's sync source, also where what starts it is no applied object (a ResourceSet's item).
    for (const { source } of model.entries) created.push(...syncObjects(source.kind, source.name, source.namespace));
    if (!model.entries.length) created.push(...rootSources(model));
    for (const object of model.objects) {
      const { apiVersion, kind } = idOf(object);
      for (const creator of byKind.get(kind) ?? []) {
        if (groupOf(apiVersion) === creator.group) created.push(...creator.creates(object, model));
      }
    }
    for (const object of model.objects) {
      const written = { kind: stringAt(object.node, ['kind']) ?? '', name: stringAt(object.node, ['metadata', 'name']) ?? '', namespace: stringAt(object.node, ['metadata', 'namespace']) ?? '' };
      if (![written.kind, written.name].some((text) => text.startsWith('ENC['))) continue;
      this.encrypted.push({ kind: identity(written.kind), name: identity(written.name), namespace: identity(written.namespace) });
    }
    for (const { kind, namespace, name } of created) {
      this.keys.add(`${kind ?? '*source'}/${namespace}/${name}`);
      this.keys.add(`${kind ?? '*source'}/*/${name}`);
    }
  }

  /**
   * Whether an object is created in the cluster. An empty namespace is one fluxlint
   * cannot know (an object written without one, applied without a targetNamespace):
   * any namespace then, as `FluxModel.find` answers for written objects.
   */
  has(kind: string, namespace: string, name: string): boolean {
    const ns = namespace || '*';
    if (this.keys.has(`${kind}/${ns}/${name}`) || (SOURCE_KINDS.has(kind) && this.keys.has(`*source/${ns}/${name}`))) return true;
    // An encrypted identity is unknown, not missing; only lengths that cannot match rule it out.
    return this.encrypted.some((e) => canBe(e.kind, kind) && canBe(e.name, name) && (!namespace || e.namespace === '' || canBe(e.namespace, namespace)));
  }
}

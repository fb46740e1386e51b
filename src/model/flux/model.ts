import path from 'node:path';
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { itemsOf, keyName, nodeAt, pairsOf, stringValue, type MapNode } from '../../yaml/nodes.js';
import { KustomizeBuilder, KUSTOMIZATION_FILE_NAMES, kustomizationFileOf, type KustomizeBuild } from '../kustomize/build.js';
import { idOf, type BuiltObject } from '../kustomize/object.js';
import type { BuildProblem } from '../kustomize/problems.js';
import { Origins } from '../origins.js';
import type { Repository } from '../repository.js';
import { markSecretData } from '../secrets.js';
import { UNKNOWN } from '../substitution.js';
import { substituteObjects, variablesFrom, type SubstitutionFinding, type VariableSource } from './postbuild.js';
import { secretDataOf } from './secret-data.js';

export const FLUX_KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';

/** A Flux Kustomization as the repository defines it, with what fluxlint made of it. */
export interface FluxKustomization {
  object: AppliedObject;
  name: string;
  namespace: string;
  /** `spec.path` relative to the root ('' for the root), or null when it is not in this repository. */
  path: string | null;
  build: KustomizeBuild | null;
  /** Problems with the Kustomization itself (a missing path). */
  problems: BuildProblem[];
  substitution: SubstitutionFinding[];
}

/** An object Flux applies (or, outside any Kustomization, one taken as written). */
export interface AppliedObject extends BuiltObject {
  /** The Flux Kustomization that applies it; null for a standalone kustomization or a plain file. */
  owner: FluxKustomization | null;
  /** The directory whose kustomize build produced it ('' for the root); null for a plain file. */
  buildDir: string | null;
}

/**
 * The repository as Flux will apply it: every kustomization that nothing else
 * includes built as a root, every Flux Kustomization's path built with its
 * overlay (targetNamespace, patches, images) and postBuild substitution, and the
 * manifests outside any kustomization taken as written.
 */
export class FluxModel {
  readonly origins = new Origins();
  readonly objects: AppliedObject[] = [];
  readonly kustomizations: FluxKustomization[] = [];
  /** Every build made, for the problems it met. */
  readonly builds: KustomizeBuild[] = [];
  /** Sources of variables fluxlint cannot read (SOPS-encrypted Secrets), with the variables used from them. */
  readonly unreadableSources = new Map<AppliedObject, Set<string>>();
  private readonly index = new Map<string, AppliedObject[]>();
  private readonly unclaimedRoots = new Map<string, KustomizeBuild>();
  private readonly builder: KustomizeBuilder;

  constructor(readonly repository: Repository) {
    this.builder = new KustomizeBuilder(repository, this.origins);
    this.load();
  }

  /** Applied objects of a kind with a name, in a namespace ('' for any). */
  find(kind: string, name: string, namespace: string): AppliedObject[] {
    return (this.index.get(`${kind}/${name}`) ?? []).filter((o) => !namespace || idOf(o).namespace === namespace || !idOf(o).namespace);
  }

  ofKind(kind: string): AppliedObject[] {
    return this.objects.filter((o) => idOf(o).kind === kind);
  }

  private add(objects: BuiltObject[], owner: FluxKustomization | null, buildDir: string | null): void {
    for (const object of objects) {
      const applied = { ...object, owner, buildDir };
      this.objects.push(applied);
      this.indexObject(applied);
    }
  }

  private indexObject(object: AppliedObject): void {
    const id = idOf(object);
    const key = `${id.kind}/${id.name}`;
    const list = this.index.get(key) ?? [];
    list.push(object);
    this.index.set(key, list);
  }

  private load(): void {
    const kustomizationDirs = this.kustomizationDirs();
    const included = staticallyIncluded(this.repository, kustomizationDirs);
    const roots = kustomizationDirs.filter((dir) => !included.has(dir));

    // Every kustomization nothing includes is a root; files outside any kustomization stand as written.
    const rootBuilds = roots.map((dir) => this.builder.build(dir));
    // Kustomizations that only include one another (a cycle, or a chain cut at the depth limit) have
    // no root: the first of them is built as one, which reports the cycle, and so on until all are reached.
    const reached = new Set(rootBuilds.flatMap((b) => [...b.included]));
    for (const dir of kustomizationDirs) {
      if (reached.has(dir)) continue;
      const build = this.builder.build(dir);
      rootBuilds.push(build);
      reached.add(dir);
      for (const included of build.included) reached.add(included);
    }
    // A Flux Kustomization whose path is a root takes that root's build instead of building it again.
    for (const build of rootBuilds) this.unclaimedRoots.set(build.dir, build);
    const consumed = new Set(rootBuilds.flatMap((b) => [...b.files]));
    const plainFiles = this.plainFiles(consumed);
    const plain = plainFiles.map((file) => this.builder.objectsOfFile(file));

    // Flux Kustomizations, breadth first. One that a Flux Kustomization applies wins over the same
    // one found in a root build: only the former carries its parent's patches (a substituteFrom, say).
    const candidates = new Map<string, { object: AppliedObject; done: boolean; builds: number }>();
    const offer = (objects: BuiltObject[], owner: FluxKustomization | null) => {
      for (const object of objects) {
        if (!isFluxKustomization(object)) continue;
        const id = idOf(object);
        const key = `${id.namespace}/${id.name}`;
        const known = candidates.get(key);
        const knownOwner = known?.object.owner ?? null;
        // The first Flux parent wins over a root build; a parent built again offers its children
        // again (they must be its nodes, which its substitution changes). A Kustomization that
        // applies itself (flux-system) and cycles are built at most twice.
        if (known && (owner === null || key === fluxKey(owner) || known.builds >= 2)) continue;
        if (known && knownOwner !== null && fluxKey(knownOwner) !== fluxKey(owner!)) continue;
        candidates.set(key, { object: { ...object, owner, buildDir: null }, done: false, builds: known?.builds ?? 0 });
      }
    };
    for (const build of rootBuilds) offer(build.objects, null);
    for (const objects of plain) offer(objects, null);
    const built = new Map<string, FluxKustomization>();
    for (let round = 0; round < 1000; round++) {
      const next = [...candidates.entries()].find(([, c]) => !c.done);
      if (!next) break;
      next[1].done = true;
      next[1].builds++;
      const flux = this.buildFlux(next[1].object);
      built.set(next[0], flux);
      if (flux.build) offer(flux.build.objects, flux);
    }

    // What is applied: each Flux Kustomization's build, the roots and plain files no Flux build covers.
    const covered = new Set<string>();
    const coveredFiles = new Set<string>();
    // Owners are the final builds of their parents (a parent may have been built twice).
    for (const flux of built.values()) {
      const owner = flux.object.owner;
      if (owner) flux.object.owner = built.get(fluxKey(owner)) ?? owner;
    }
    // Parents first: a parent's substitution changes its children's own spec.
    const ordered = [...built.values()].sort((a, b) => depth(a) - depth(b));
    for (const flux of ordered) {
      this.kustomizations.push(flux);
      if (!flux.build) continue;
      this.builds.push(flux.build);
      for (const dir of flux.build.included) covered.add(dir);
      for (const file of flux.build.files) coveredFiles.add(file);
      if (flux.path !== null) covered.add(flux.path);
      this.add(flux.build.objects, flux, flux.build.dir);
    }
    for (const build of rootBuilds) {
      if (this.builds.includes(build)) continue;
      this.builds.push(build);
      if (!covered.has(build.dir)) this.add(build.objects, null, build.dir);
    }
    plain.forEach((objects, i) => {
      if (!coveredFiles.has(plainFiles[i]!)) this.add(objects, null, null);
    });

    // Substitution, now that every ConfigMap and Secret a Kustomization may read is known;
    // names may change with it (`name: ${APP}-anubis`), so the index is made again.
    for (const flux of this.kustomizations) flux.substitution = this.substitute(flux);
    this.index.clear();
    for (const object of this.objects) {
      this.indexObject(object);
      markSecretData(object, this.origins);
    }
  }

  private kustomizationDirs(): string[] {
    const dirs = new Set<string>();
    for (const file of this.repository.files) {
      const base = path.posix.basename(file.source.path);
      if (KUSTOMIZATION_FILE_NAMES.includes(base)) {
        const dir = path.posix.dirname(file.source.path);
        dirs.add(dir === '.' ? '' : dir);
      }
    }
    return [...dirs].sort();
  }

  /** Files with objects that no build took in and that no kustomization directory holds. */
  private plainFiles(consumed: Set<string>): string[] {
    const files: string[] = [];
    for (const file of this.repository.files) {
      const name = file.source.path;
      if (consumed.has(name) || KUSTOMIZATION_FILE_NAMES.includes(path.posix.basename(name))) continue;
      if (!file.documents.some((d) => stringValue(nodeAt(d.contents, ['kind'], d.doc), d.doc))) continue;
      if (underKustomization(this.repository, name)) continue;
      files.push(name);
    }
    return files;
  }

  private buildFlux(object: AppliedObject): FluxKustomization {
    const id = idOf(object);
    const spec = nodeAt(object.node, ['spec']);
    const written = stringValue(nodeAt(spec, ['path'])) ?? '';
    const flux: FluxKustomization = { object, name: id.name, namespace: id.namespace, path: null, build: null, problems: [], substitution: [] };
    const target = normalizedPath(written);
    const pathNode = nodeAt(spec, ['path']) ?? object.anchor;
    const location = this.origins.locate(pathNode) ?? object.document.locate(object.anchor);
    if (target.startsWith('../') || target === '..') {
      flux.problems.push({ kind: 'outside-root', message: `spec.path "${written}" leaves the repository; it is not followed.`, location });
      return flux;
    }
    const source = this.sourceOf(object);
    if (written.includes('${') || source === 'elsewhere') return flux;
    if (this.repository.kindOfPath(target || '.') !== 'directory') {
      if (source === 'this') flux.problems.push({ kind: 'missing', message: `spec.path "${written}" of Kustomization "${id.namespace}/${id.name}" does not exist in the repository.`, location });
      return flux;
    }
    flux.path = target;
    const root = this.unclaimedRoots.get(target);
    this.unclaimedRoots.delete(target);
    const build = root ?? (kustomizationFileOf(this.repository, target) ? this.builder.build(target) : this.builder.buildPlain(target));
    this.overlay(object, build);
    flux.build = build;
    this.builds.push(build);
    return flux;
  }

  /**
   * Where a Kustomization's files come from. An OCIRepository or Bucket holds an
   * artifact fluxlint cannot see. A GitRepository is this repository when it is the
   * bootstrap one (`flux-system`) or not defined here (flux bootstrap or a Flux
   * Operator instance creates it); one the repository defines under another name may
   * be another repository (a tenant's), so its path is built only if it exists here.
   */
  private sourceOf(object: AppliedObject): 'this' | 'maybe' | 'elsewhere' {
    const kind = stringValue(nodeAt(object.node, ['spec', 'sourceRef', 'kind'])) ?? 'GitRepository';
    if (kind !== 'GitRepository') return 'elsewhere';
    const name = stringValue(nodeAt(object.node, ['spec', 'sourceRef', 'name'])) ?? '';
    if (name === 'flux-system') return 'this';
    return this.repository.ofKind('GitRepository').some((r) => r.name === name) ? 'maybe' : 'this';
  }

  /** Flux's own overlay: components, then targetNamespace, patches, images, namePrefix/nameSuffix and commonMetadata. */
  private overlay(object: AppliedObject, build: KustomizeBuild): void {
    const spec = nodeAt(object.node, ['spec']) as MapNode | null;
    if (!spec) return;
    const document = this.origins.documentOf(object.node) ?? object.document;
    this.builder.applyComponents(build, itemsOf(nodeAt(spec, ['components'])), document);
    const overlay = new YAMLMap<unknown, unknown>();
    const map: [string, string[]][] = [
      ['namespace', ['targetNamespace']],
      ['patches', ['patches']],
      ['images', ['images']],
      ['namePrefix', ['namePrefix']],
      ['nameSuffix', ['nameSuffix']],
      ['commonAnnotations', ['commonMetadata', 'annotations']],
    ];
    for (const [key, from] of map) {
      const value = nodeAt(spec, from);
      if (value) overlay.items.push(new Pair(new Scalar(key), value));
    }
    const labels = nodeAt(spec, ['commonMetadata', 'labels']);
    if (labels) {
      // commonMetadata labels go on metadata only, like kustomize's `labels: [{pairs}]`.
      const entry = new YAMLMap<unknown, unknown>();
      entry.items.push(new Pair(new Scalar('pairs'), labels));
      const list = new YAMLSeq<unknown>();
      list.items.push(entry);
      overlay.items.push(new Pair(new Scalar('labels'), list));
    }
    if (!overlay.items.length) return;
    this.builder.transform(overlay as MapNode, build.objects, document, build.dir, build.problems, build.references);
  }

  private substitute(flux: FluxKustomization): SubstitutionFinding[] {
    const postBuild = nodeAt(flux.object.node, ['spec', 'postBuild']);
    if (!postBuild || !flux.build) return [];
    const sources: VariableSource[] = [];
    const inline = new Map<string, string | typeof UNKNOWN>();
    for (const pair of pairsOf(nodeAt(postBuild, ['substitute']))) {
      const key = keyName(pair);
      if (key !== null) inline.set(key, String((pair.value as Scalar | null)?.value ?? '').replace(/\n/g, ''));
    }
    sources.push({ data: inline, secret: false });
    const unreadable = new Map<string, AppliedObject>();
    let unknownRest = false;
    const from = itemsOf(nodeAt(postBuild, ['substituteFrom'])).reverse();
    for (const reference of from) {
      const kind = stringValue(nodeAt(reference, ['kind']));
      const name = stringValue(nodeAt(reference, ['name']));
      if (!kind || !name) continue;
      const found = this.find(kind, name, flux.namespace)[0];
      if (!found) {
        // Not in the repository (created in-cluster, or missing): what it defines is unknown.
        unknownRest = true;
        continue;
      }
      const data = kind === 'Secret' ? secretDataOf(found, this.origins) : configMapDataOf(found);
      // Flux removes every line break from a variable's value.
      for (const [key, value] of data) {
        if (typeof value === 'string') data.set(key, value.replace(/\n/g, ''));
        else if (!unreadable.has(key)) unreadable.set(key, found);
      }
      sources.push({ data, secret: kind === 'Secret' });
    }
    const defined = sources.some((s) => s.data.size > 0) || unknownRest;
    const strategy = stringValue(nodeAt(postBuild, ['substituteStrategy']));
    if (!defined && strategy !== 'Always') return [];
    const findings = substituteObjects(flux.build.objects, variablesFrom(sources, unknownRest), this.origins);
    for (const finding of findings) {
      const source = finding.kind === 'unknown' ? unreadable.get(finding.variable) : undefined;
      if (!source) continue;
      const variables = this.unreadableSources.get(source) ?? new Set<string>();
      variables.add(finding.variable);
      this.unreadableSources.set(source, variables);
    }
    return findings.filter((f) => f.kind !== 'unknown');
  }
}

function configMapDataOf(object: BuiltObject): Map<string, string | typeof UNKNOWN> {
  const data = new Map<string, string | typeof UNKNOWN>();
  for (const pair of pairsOf(nodeAt(object.node, ['data']))) {
    const key = keyName(pair);
    if (key !== null) data.set(key, String((pair.value as Scalar | null)?.value ?? ''));
  }
  return data;
}

function fluxKey(flux: FluxKustomization): string {
  return `${flux.namespace}/${flux.name}`;
}

/** How many Flux Kustomizations apply this one, up to a root. */
function depth(flux: FluxKustomization): number {
  let count = 0;
  const seen = new Set<FluxKustomization>();
  for (let owner = flux.object.owner; owner && !seen.has(owner); owner = owner.object.owner) {
    seen.add(owner);
    count++;
  }
  return count;
}

export function isFluxKustomization(object: BuiltObject): boolean {
  const id = idOf(object);
  return id.kind === 'Kustomization' && id.apiVersion.startsWith(`${FLUX_KUSTOMIZE_GROUP}/`);
}

/** A Flux `spec.path` as a path relative to the root ('' for the root). */
export function normalizedPath(written: string): string {
  const normalized = path.posix.normalize(written.replace(/^\/+/, '') || '.');
  return normalized === '.' ? '' : normalized.replace(/\/$/, '');
}

/** Kustomization directories that another kustomization includes as a resource or component. */
function staticallyIncluded(repository: Repository, dirs: string[]): Set<string> {
  const included = new Set<string>();
  for (const dir of dirs) {
    const file = kustomizationFileOf(repository, dir);
    const document = file ? repository.yamlFile(file)?.documents[0] : undefined;
    if (!document) continue;
    for (const field of ['resources', 'components', 'bases']) {
      for (const entry of itemsOf(nodeAt(document.contents, [field], document.doc), document.doc)) {
        const written = stringValue(entry, document.doc);
        if (!written) continue;
        const target = normalizedPath(path.posix.join(dir || '.', written));
        if (target !== dir) included.add(target);
      }
    }
  }
  return included;
}

/** Whether a file's directory, or one above it, has a kustomization file. */
function underKustomization(repository: Repository, file: string): boolean {
  let dir = path.posix.dirname(file);
  for (;;) {
    if (kustomizationFileOf(repository, dir === '.' ? '' : dir)) return true;
    if (dir === '.' || dir === '') return false;
    dir = path.posix.dirname(dir);
  }
}


import path from 'node:path';
import { Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import type { YamlDocument } from '../../yaml/document.js';
import { itemsOf, keyName, nodeAt, pairsOf, stringValue, type MapNode } from '../../yaml/nodes.js';
import { KustomizeBuilder, KUSTOMIZATION_FILE_NAMES, kustomizationFileOf, type FluxComponents, type KustomizeBuild } from '../kustomize/build.js';
import { idOf, type BuiltObject } from '../kustomize/object.js';
import type { BuildProblem } from '../kustomize/problems.js';
import { Origins } from '../origins.js';
import type { Repository } from '../repository.js';
import { markSecretData } from '../secrets.js';
import { UNKNOWN } from '../substitution.js';
import { findEntries, resourceSetItems, sameRepositoryUrl, type FluxEntry } from './entries.js';
import { substituteObjects, variablesFrom, type SubstitutionFinding, type VariableSource } from './postbuild.js';
import { secretDataOf } from './secret-data.js';


/** The fields of a Flux Kustomization that kustomize-controller writes into the kustomization file it builds. */
const FLUX_OVERLAY_FIELDS = ['targetNamespace', 'patches', 'images', 'components', 'namePrefix', 'nameSuffix', 'commonMetadata'];
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
  /** The cluster that applies it; null when the repository has no entry point. */
  cluster: FluxEntry | null;
}

/** An object Flux applies (or, outside any Kustomization, one taken as written). */
export interface AppliedObject extends BuiltObject {
  /** The Flux Kustomization that applies it; null for a standalone kustomization or a plain file. */
  owner: FluxKustomization | null;
  /** The directory whose kustomize build produced it ('' for the root); null for a plain file. */
  buildDir: string | null;
  /** The cluster (entry point) that applies it; null when the repository has no entry point. */
  cluster: FluxEntry | null;
}

/**
 * The repository as Flux will apply it. Where Flux starts (entries: a bootstrap
 * sync, a FluxInstance, the flux-instance chart) each cluster is built breadth
 * first from its sync path: every Flux Kustomization's path with its overlay
 * (components, targetNamespace, its parent's patches already applied to it) and
 * postBuild substitution. Without an entry point every kustomization nothing
 * includes is a root, and manifests outside any kustomization stand as written.
 */
export class FluxModel {
  readonly origins = new Origins();
  readonly objects: AppliedObject[] = [];
  readonly kustomizations: FluxKustomization[] = [];
  /** Every build made, for the problems it met. */
  readonly builds: KustomizeBuild[] = [];
  /** Sources of variables fluxlint cannot read (SOPS-encrypted Secrets), with the variables used from them. */
  readonly unreadableSources = new Map<AppliedObject, Set<string>>();
  /** Where Flux starts, one per cluster; empty when the repository has none. */
  readonly entries: FluxEntry[] = [];
  private readonly index = new Map<string, AppliedObject[]>();
  private byKind: Map<string, AppliedObject[]> | null = null;
  private readonly byNode = new Map<Node, AppliedObject>();
  private readonly byDocument = new Map<YamlDocument, AppliedObject[]>();
  private readonly deployedFiles = new Map<string, Set<FluxEntry | null>>();
  /** Kustomizations substituted as soon as they were built (see drain). */
  private readonly substituted = new Set<FluxKustomization>();
  private readonly deployedDirs = new Map<string, Set<FluxEntry | null>>();
  private deployedAncestors: Set<string> | undefined;
  /** Directories that hold or lead to what the entry points apply; a stale copy outside never builds them again. */
  private liveDirs: Set<string> | undefined;
  private readonly queue: { object: AppliedObject; cluster: FluxEntry | null; space: string }[] = [];
  private readonly queued = new Set<string>();
  private next = 0;
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

  /** Applied objects of a kind, in the order they were applied. */
  ofKind(kind: string): AppliedObject[] {
    // While the model is being built the objects still change; afterwards an index answers.
    if (!this.byKind) return this.objects.filter((o) => idOf(o).kind === kind);
    return [...(this.byKind.get(kind) ?? [])];
  }

  private add(objects: BuiltObject[], owner: FluxKustomization | null, buildDir: string | null, cluster: FluxEntry | null): void {
    for (const object of objects) {
      const applied = { ...object, owner, buildDir, cluster };
      this.objects.push(applied);
      this.indexObject(applied);
      this.byNode.set(object.node, applied);
      const versions = this.byDocument.get(object.document);
      if (versions) versions.push(applied);
      else this.byDocument.set(object.document, [applied]);
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

    // Every kustomization nothing includes is built, and the files outside any kustomization
    // read as written: where Flux starts is found among them.
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
    const consumed = new Set(rootBuilds.flatMap((b) => [...b.files, ...b.inputs]));
    const plainFiles = this.plainFiles(consumed);
    const plain = new Map(plainFiles.map((file) => [file, this.builder.objectsOfFile(file)]));
    const written: AppliedObject[] = [...rootBuilds.map((b) => b.objects), ...plain.values()].flat().map((o) => ({ ...o, owner: null, buildDir: null, cluster: null }));
    const candidates = [...written, ...resourceSetItems(written)];
    for (const object of candidates) this.indexObject(object);
    this.entries.push(...findEntries(this, candidates));
    this.index.clear();

    if (this.entries.length) {
      for (const entry of this.entries) {
        // A bootstrap cluster starts with its flux-system Kustomization, the parent of what its path holds.
        if (entry.kustomization) {
          this.offer([entry.kustomization], null, entry, `entry:${entry.name}`);
          continue;
        }
        const build = this.pathBuild(entry.path);
        this.record(build, null, entry);
        this.offer(build.objects, null, entry, `entry:${entry.name}`);
      }
      this.drain();
      // The file that starts a cluster is applied to it (by `flux bootstrap`, helmfile or
      // by hand) even where its sync path does not hold it.
      for (const entry of this.entries) {
        const file = entry.location.file;
        if (this.deployedFiles.get(file)?.has(entry)) continue;
        const holder = rootBuilds.find((build) => build.files.has(file) && !this.builds.includes(build));
        if (holder) {
          this.unclaimedRoots.delete(holder.dir);
          this.record(holder, null, entry);
        } else if (!this.deployedFiles.has(file)) {
          this.markDeployed(file, entry);
          this.add(plain.get(file) ?? [], null, null, entry);
        }
      }
      this.liveDirs = new Set([...this.deployedFiles.keys()].flatMap((file) => ancestors(path.posix.dirname(file))));
      for (const dir of this.deployedDirs.keys()) for (const above of ancestors(dir)) this.liveDirs.add(above);
    }
    this.loadTrees(rootBuilds, plain);

    // The substitution of Kustomizations whose variable sources were not built yet when
    // they were (see drain), parents first, now that every ConfigMap and Secret is known;
    // names may change with it (`name: ${APP}-anubis`), so the index is made again.
    for (const flux of this.kustomizations) if (!this.substituted.has(flux)) flux.substitution = this.substitute(flux);
    this.index.clear();
    for (const object of this.objects) {
      this.indexObject(object);
      markSecretData(object, this.origins);
    }
    const byKind = new Map<string, AppliedObject[]>();
    for (const object of this.objects) {
      const kind = idOf(object).kind;
      const list = byKind.get(kind);
      if (list) list.push(object);
      else byKind.set(kind, [object]);
    }
    this.byKind = byKind;
  }

  /**
   * The trees no entry point reached. Without entry points, each root nothing points
   * at starts a tree of its own (a root that is some Flux Kustomization's path is
   * reached through it, and gets its patches), then what no tree reached (a cycle of
   * roots, a path from another source). With entry points, the rest is built the same
   * way in no cluster, except that their Flux Kustomizations never build a live path
   * (see buildFlux): rules see them, the engine reports there only when configured to
   * (`lintUnreached`).
   */
  private loadTrees(rootBuilds: KustomizeBuild[], plain: Map<string, BuiltObject[]>): void {
    const targets = new Set<string>();
    // Trees holding a Kustomization that applies their own directory or one above (flux-system).
    const selfApplying = new Set<string>();
    for (const [holder, objects] of [...rootBuilds.map((b) => [b.dir, b.objects] as const), ...plain]) {
      for (const object of objects) {
        if (!isFluxKustomization(object)) continue;
        const target = normalizedPath(stringValue(nodeAt(object.node, ['spec', 'path'])) ?? '');
        if (target !== holder) targets.add(target);
        if (target === '' || holder === target || holder.startsWith(`${target}/`)) selfApplying.add(holder);
      }
    }
    const underTarget = (dir: string) => {
      for (let current = dir; ; current = path.posix.dirname(current)) {
        if (targets.has(current === '.' ? '' : current)) return true;
        if (current === '.' || current === '' || current === '/') return false;
      }
    };
    const coveredDirs = new Set<string>();
    const coveredFiles = new Set<string>();
    let seen = 0;
    const cover = () => {
      for (; seen < this.builds.length; seen++) {
        for (const dir of this.builds[seen]!.included) coveredDirs.add(dir);
        for (const file of this.builds[seen]!.files) coveredFiles.add(file);
      }
    };
    // One tree at a time, so that what a tree reaches is never started again as a tree of its own.
    const seedRoot = (build: KustomizeBuild) => {
      cover();
      if (coveredDirs.has(build.dir)) return;
      this.unclaimedRoots.delete(build.dir);
      this.record(build, null, null);
      this.offer(build.objects, null, null, `tree:${build.dir}`);
      this.drain();
    };
    const seedPlain = (file: string, objects: BuiltObject[]) => {
      cover();
      // A plain file that starts a cluster is applied to it already.
      if (coveredFiles.has(file) || (this.entries.length && this.deployedFiles.has(file))) return;
      coveredFiles.add(file);
      this.add(objects, null, null, null);
      this.offer(objects, null, null, `tree:${file}`);
      this.drain();
    };
    for (const build of rootBuilds) if (!underTarget(build.dir)) seedRoot(build);
    for (const [file, objects] of plain) if (!underTarget(path.posix.dirname(file))) seedPlain(file, objects);
    for (const build of rootBuilds) if (selfApplying.has(build.dir)) seedRoot(build);
    for (const [file, objects] of plain) if (selfApplying.has(file)) seedPlain(file, objects);
    for (const build of rootBuilds) seedRoot(build);
    for (const [file, objects] of plain) seedPlain(file, objects);
  }

  /**
   * Queues the Flux Kustomizations among built objects. One is built once per tree
   * (`space`: the cluster, or without entry points the tree it was found in), by the
   * first parent that reaches it breadth first; so cycles and a Kustomization that
   * applies itself (flux-system) end, and the work is linear in their number.
   */
  private offer(objects: BuiltObject[], owner: FluxKustomization | null, cluster: FluxEntry | null, space: string): void {
    for (const object of objects) {
      if (!isFluxKustomization(object)) continue;
      const id = idOf(object);
      const key = `${space}\0${id.namespace}/${id.name}`;
      if (this.queued.has(key)) continue;
      this.queued.add(key);
      // The object as its parent's build made it (patched, and later substituted in place).
      const applied = this.byNode.get(object.node) ?? { ...object, owner, buildDir: null, cluster };
      this.queue.push({ object: applied, cluster, space });
    }
  }

  /**
   * Builds the queued Flux Kustomizations, breadth first, each adding its children to
   * the queue. As in Flux, a parent's substitution comes before its children are read:
   * it changes their own spec (`path: ./apps/${CLUSTER}`, patches). A parent whose
   * variable sources are not all built yet is substituted after the whole model (load).
   */
  private drain(): void {
    for (; this.next < this.queue.length; this.next++) {
      const { object, cluster, space } = this.queue[this.next]!;
      const flux = this.buildFlux(object, cluster);
      this.kustomizations.push(flux);
      if (!flux.build) continue;
      this.record(flux.build, flux, cluster);
      if (this.variableSourcesBuilt(flux)) {
        flux.substitution = this.substitute(flux);
        this.substituted.add(flux);
      }
      this.offer(flux.build.objects, flux, cluster, space);
    }
  }

  /** Whether every `substituteFrom` source of a Kustomization is among the objects built so far. */
  private variableSourcesBuilt(flux: FluxKustomization): boolean {
    return itemsOf(nodeAt(flux.object.node, ['spec', 'postBuild', 'substituteFrom'])).every((reference) => {
      const kind = stringValue(nodeAt(reference, ['kind']));
      const name = stringValue(nodeAt(reference, ['name']));
      return !kind || !name || this.find(kind, name, flux.namespace).some((o) => o.cluster === flux.cluster);
    });
  }

  /**
   * The build of a directory, with the components a Flux Kustomization adds: a
   * kustomization file's build takes them in as Flux appends them; the objects of a
   * directory without one (which Flux lists in a kustomization it writes) get them after.
   */
  private pathBuild(dir: string, fluxComponents?: FluxComponents): KustomizeBuild {
    const root = this.unclaimedRoots.get(dir);
    this.unclaimedRoots.delete(dir);
    const components = fluxComponents?.entries.length ? fluxComponents : undefined;
    if (kustomizationFileOf(this.repository, dir)) return components ? this.builder.build(dir, components) : (root ?? this.builder.build(dir));
    const build = root ?? this.builder.buildPlain(dir);
    if (components) this.builder.applyComponents(build, components.entries, components.document);
    return build;
  }

  /** Records a build as applied (by a Flux Kustomization, or by an entry or tree itself). */
  private record(build: KustomizeBuild, owner: FluxKustomization | null, cluster: FluxEntry | null): void {
    this.builds.push(build);
    this.add(build.objects, owner, build.dir, cluster);
    // With entry points, a tree no entry reaches is in no cluster: not deployed.
    if (cluster === null && this.entries.length) return;
    for (const file of [...build.files, ...build.inputs]) this.markDeployed(file, cluster);
    for (const dir of build.included) this.deployedDirs.set(dir, (this.deployedDirs.get(dir) ?? new Set()).add(cluster));
  }

  private markDeployed(file: string, cluster: FluxEntry | null): void {
    this.deployedFiles.set(file, (this.deployedFiles.get(file) ?? new Set()).add(cluster));
  }

  /**
   * The clusters that apply a file: it holds objects a build took in, a build read it
   * (a generator source, a patch), or it is the kustomization file of a directory a
   * build included. A file of such a directory that its kustomization does not list is
   * not applied. Empty when no entry point reaches it; without entry points, every file
   * is applied, to the one cluster fluxlint cannot name (null).
   */
  clustersOf(file: string): (FluxEntry | null)[] {
    if (!this.entries.length) return [null];
    const dir = path.posix.dirname(file);
    const kustomization = KUSTOMIZATION_FILE_NAMES.includes(path.posix.basename(file)) ? (this.deployedDirs.get(dir === '.' ? '' : dir) ?? []) : [];
    return [...new Set([...(this.deployedFiles.get(file) ?? []), ...kustomization])];
  }

  /** Whether Flux applies a file in some cluster (see clustersOf). */
  isDeployed(file: string): boolean {
    return this.clustersOf(file).length > 0;
  }

  /**
   * The tree an unreached file belongs to, for one note per tree: its highest
   * directory that holds no applied file (with a trailing `/`), or the file itself
   * when its own directory holds an applied one.
   */
  unreachedTreeOf(file: string): string {
    if (!this.deployedAncestors) {
      this.deployedAncestors = new Set<string>();
      for (const deployed of [...this.deployedFiles.keys(), ...[...this.deployedDirs.keys()].map((d) => `${d}/x`)]) {
        for (let dir = path.posix.dirname(deployed); ; dir = path.posix.dirname(dir)) {
          this.deployedAncestors.add(dir);
          if (dir === '.' || dir === '/') break;
        }
      }
    }
    let tree = file;
    for (let dir = path.posix.dirname(file); dir !== '.' && !this.deployedAncestors.has(dir); dir = path.posix.dirname(dir)) tree = `${dir}/`;
    return tree;
  }

  /**
   * The applied versions of a written document (one per build that took it in). Where
   * some cluster applies it, only the clusters' versions: a build of a tree no entry
   * reaches (a cluster directory without its own entry) is not what Flux applies.
   */
  appliedVersions(document: YamlDocument): AppliedObject[] {
    const versions = this.byDocument.get(document) ?? [];
    const inClusters = versions.filter((version) => version.cluster !== null);
    return inClusters.length ? inClusters : versions;
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

  private buildFlux(object: AppliedObject, cluster: FluxEntry | null): FluxKustomization {
    const id = idOf(object);
    const spec = nodeAt(object.node, ['spec']);
    const written = stringValue(nodeAt(spec, ['path'])) ?? '';
    const flux: FluxKustomization = { object, name: id.name, namespace: id.namespace, path: null, build: null, problems: [], substitution: [], cluster };
    // In a cluster synced from an artifact of a subdirectory, paths are relative to that directory.
    const target = normalizedPath(cluster?.root ? `${cluster.root}/${written.replace(/^\/+/, '')}` : written);
    const pathNode = nodeAt(spec, ['path']) ?? object.anchor;
    const location = this.origins.locate(pathNode) ?? object.document.locate(object.anchor);
    if (target.startsWith('../') || target === '..') {
      flux.problems.push({ kind: 'outside-root', message: `spec.path "${written}" leaves the repository; it is not followed.`, location });
      return flux;
    }
    const source = cluster ? this.sourceInCluster(object, cluster) : this.sourceOf(object);
    if (written.includes('${') || source === 'elsewhere') return flux;
    if (this.repository.kindOfPath(target || '.') !== 'directory') {
      if (source === 'this') flux.problems.push({ kind: 'missing', message: `spec.path "${written}" of Kustomization "${id.namespace}/${id.name}" does not exist in the repository.`, location });
      return flux;
    }
    // A Kustomization of an unreached tree (an archived ks.yaml) pointing at a live path would
    // build it again without its parent's patches: only dead paths are built for it.
    if (cluster === null && this.liveDirs?.has(target)) return flux;
    flux.path = target;
    const build = this.pathBuild(target, { entries: itemsOf(nodeAt(spec, ['components'])), document: this.origins.documentOf(object.node) ?? object.document });
    // Flux writes its overlay into the kustomization file before building it: with one, an empty file is not empty.
    if (FLUX_OVERLAY_FIELDS.some((field) => nodeAt(spec, [field]) !== null)) {
      build.problems = build.problems.filter((problem) => problem.emptyKustomization !== target);
    }
    build.problems = build.problems.filter((problem) => !(problem.overlay?.dir === target && problem.overlay.fields.some((field) => nodeAt(spec, [field]) !== null)));
    this.overlay(object, build);
    flux.build = build;
    return flux;
  }

  /**
   * Where a Kustomization's files come from, in a cluster with an entry point: the
   * entry's source is this repository, and so is a GitRepository of the same URL;
   * another URL, a source of another kind or one defined nowhere here is another
   * repository or artifact, not built from these files. With no URL to compare (a
   * placeholder or chart entry), a GitRepository defined here is built if its path exists.
   */
  private sourceInCluster(object: AppliedObject, cluster: FluxEntry): 'this' | 'maybe' | 'elsewhere' {
    const kind = stringValue(nodeAt(object.node, ['spec', 'sourceRef', 'kind'])) ?? 'GitRepository';
    const name = stringValue(nodeAt(object.node, ['spec', 'sourceRef', 'name'])) ?? '';
    if (kind === cluster.source.kind && name === cluster.source.name) return 'this';
    if (kind !== 'GitRepository') return 'elsewhere';
    const defined = this.repository.ofKind('GitRepository').filter((r) => r.name === name);
    if (!defined.length) return 'elsewhere';
    const entryUrl = cluster.source.url;
    if (entryUrl === null) return 'maybe';
    const urls = defined.map((r) => stringValue(nodeAt(r.node, ['spec', 'url'], r.document.doc), r.document.doc));
    return urls.some((url) => url !== null && sameRepositoryUrl(url, entryUrl)) ? 'this' : 'elsewhere';
  }

  /**
   * Where a Kustomization's files come from, without an entry point. An OCIRepository
   * or Bucket holds an artifact fluxlint cannot see. A GitRepository is this
   * repository when it is the bootstrap one (`flux-system`) or not defined here
   * (flux bootstrap or a Flux Operator instance creates it); one the repository
   * defines under another name may be another repository (a tenant's), so its path
   * is built only if it exists here.
   */
  private sourceOf(object: AppliedObject): 'this' | 'maybe' | 'elsewhere' {
    const kind = stringValue(nodeAt(object.node, ['spec', 'sourceRef', 'kind'])) ?? 'GitRepository';
    if (kind !== 'GitRepository') return 'elsewhere';
    const name = stringValue(nodeAt(object.node, ['spec', 'sourceRef', 'name'])) ?? '';
    if (name === 'flux-system') return 'this';
    return this.repository.ofKind('GitRepository').some((r) => r.name === name) ? 'maybe' : 'this';
  }

  /** The rest of Flux's own overlay (its components are in the build, see pathBuild): targetNamespace, patches, images, namePrefix/nameSuffix and commonMetadata. */
  private overlay(object: AppliedObject, build: KustomizeBuild): void {
    const spec = nodeAt(object.node, ['spec']) as MapNode | null;
    if (!spec) return;
    const document = this.origins.documentOf(object.node) ?? object.document;
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
      const found = this.find(kind, name, flux.namespace).find((o) => o.cluster === flux.cluster);
      if (!found) {
        // Not in the repository (created in-cluster, or missing): what it defines is unknown.
        unknownRest = true;
        continue;
      }
      // Entries from a remote generator file are not fetched: any variable may be among them.
      if (found.unknownKeys) unknownRest = true;
      const data = kind === 'Secret' ? secretDataOf(found, this.origins) : configMapDataOf(found);
      // Flux removes every line break from a variable's value.
      for (const [key, value] of data) {
        if (typeof value === 'string') data.set(key, value.replace(/\n/g, ''));
        else if (!unreadable.has(key)) unreadable.set(key, found);
        if (typeof value === 'string' && kind === 'Secret') this.origins.recordSecretText(value.replace(/\n/g, ''));
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

/** A directory and every directory above it, up to the root (''). */
function ancestors(dir: string): string[] {
  const found: string[] = [];
  for (let current = dir === '.' ? '' : dir; ; current = path.posix.dirname(current)) {
    found.push(current === '.' ? '' : current);
    if (current === '' || current === '.') return found;
  }
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


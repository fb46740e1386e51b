import path from 'node:path';
import type { Location } from '../../diagnostic.js';
import { isMap } from 'yaml';
import { itemsOf, nodeAt, stringValue, type MapNode } from '../../yaml/nodes.js';
import { groupOf, idOf } from '../kustomize/object.js';
import type { Repository } from '../repository.js';
import { chartOf } from './chart.js';
import { composeValues } from './helm-values.js';
import { normalizedPath, type AppliedObject, type FluxModel } from './model.js';

/** The source a cluster's Flux syncs from: this repository, as the cluster names it. */
export interface EntrySource {
  kind: string;
  name: string;
  namespace: string;
  /** The URL written for it, when the repository says (a placeholder or a chart may not). */
  url: string | null;
}

/** Where Flux starts in one cluster: everything the cluster applies is built from `path`. */
export interface FluxEntry {
  /** The cluster's name: its sync path ('.' for the root). */
  name: string;
  /** The sync path relative to the repository root ('' for the root). */
  path: string;
  /**
   * The directory the cluster's source holds, relative to the repository root: '' for a
   * Git sync of the whole repository; a subdirectory for an OCI artifact pushed from it
   * (`flux push artifact --path=./kubernetes`). Every `spec.path` of the cluster is relative to it.
   */
  root: string;
  /** What starts Flux there. */
  kind: 'bootstrap' | 'FluxInstance' | 'flux-instance chart' | 'bootstrap placeholder' | 'self-applying Kustomization';
  source: EntrySource;
  /** Where the entry is written. */
  location: Location;
  /** The bootstrap `flux-system` Kustomization, which Flux builds first; null for the other kinds. */
  kustomization: AppliedObject | null;
}

/**
 * The entry points of a repository, from every object it holds (found before
 * anything is known to be applied): the `flux-system` Kustomization written by
 * `flux bootstrap` (or its placeholder gotk-sync.yaml), a FluxInstance's
 * `spec.sync`, and the flux-instance chart's `values.instance.sync`. A sync path
 * that is not a directory here syncs another repository and is no entry here.
 * Sources: https://fluxcd.io/flux/installation/bootstrap/,
 * https://fluxcd.control-plane.io/operator/flux-sync/.
 */
export function findEntries(model: FluxModel, objects: AppliedObject[]): FluxEntry[] {
  const entries = new Map<string, FluxEntry>();
  const add = (entry: Omit<FluxEntry, 'name' | 'kustomization' | 'root'> | null, kustomization: AppliedObject | null = null) => {
    if (!entry) return;
    const root = artifactRoot(model.repository, entry.path, entry.location.file);
    if (root === null) return;
    const synced = root ? normalizedPath(`${root}/${entry.path}`) : entry.path;
    if (!entries.has(synced)) entries.set(synced, { ...entry, path: synced, root, name: synced || '.', kustomization });
  };
  const locate = (object: AppliedObject) => model.origins.locate(object.anchor) ?? object.document.locate(object.anchor);
  const gitUrls = new Map<string, string>();
  for (const object of objects) {
    const id = idOf(object);
    const url = stringValue(nodeAt(object.node, ['spec', 'url']));
    if (id.kind === 'GitRepository' && url && !gitUrls.has(id.name)) gitUrls.set(id.name, url);
  }
  /** A Git-synced Flux Kustomization as an entry at its path; null when it has no Git source or no literal path. */
  const kustomizationEntry = (object: AppliedObject, kind: FluxEntry['kind']): Omit<FluxEntry, 'name' | 'kustomization' | 'root'> | null => {
    const sourceKind = stringValue(nodeAt(object.node, ['spec', 'sourceRef', 'kind'])) ?? 'GitRepository';
    const sourceName = stringValue(nodeAt(object.node, ['spec', 'sourceRef', 'name'])) ?? '';
    const namespace = stringValue(nodeAt(object.node, ['spec', 'sourceRef', 'namespace'])) ?? idOf(object).namespace;
    const written = stringValue(nodeAt(object.node, ['spec', 'path']));
    if (sourceKind !== 'GitRepository' || written === null || written.includes('${')) return null;
    return { path: normalizedPath(written), kind, source: { kind: sourceKind, name: sourceName, namespace, url: gitUrls.get(sourceName) ?? null }, location: locate(object) };
  };
  const fluxKustomizations = objects.filter((object) => groupOf(idOf(object).apiVersion) === 'kustomize.toolkit.fluxcd.io' && idOf(object).kind === 'Kustomization');
  for (const object of fluxKustomizations) {
    if (idOf(object).name === 'flux-system') add(kustomizationEntry(object, 'bootstrap'), object);
  }
  for (const object of objects) {
    const { apiVersion, kind, namespace } = idOf(object);
    if (groupOf(apiVersion) === 'fluxcd.controlplane.io' && kind === 'FluxInstance') {
      add(syncEntry(nodeAt(object.node, ['spec', 'sync']), namespace || 'flux-system', 'FluxInstance', locate(object)));
    }
    if (groupOf(apiVersion) === 'helm.toolkit.fluxcd.io' && kind === 'HelmRelease' && chartOf(model, object)?.name === 'flux-instance') {
      const release = stringValue(nodeAt(object.node, ['spec', 'targetNamespace'])) ?? (namespace || 'flux-system');
      add(syncEntry(nodeAt(composeValues(model, object).values, ['instance', 'sync']), release, 'flux-instance chart', locate(object)));
    }
  }
  for (const placeholder of bootstrapPlaceholders(model.repository)) {
    const dir = path.posix.dirname(path.posix.dirname(placeholder));
    add({
      path: dir === '.' ? '' : dir,
      kind: 'bootstrap placeholder',
      source: { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system', url: null },
      location: { file: placeholder, line: 1, column: 1, endLine: 1, endColumn: 1 },
    });
  }
  if (!entries.size) for (const [object, entry] of selfApplyingRoots(model, fluxKustomizations, kustomizationEntry)) add(entry, object);
  return [...entries.values()];
}

/**
 * Without a bootstrap Kustomization, a FluxInstance or a placeholder: the Flux
 * Kustomizations applied once by hand that then keep themselves in sync, whatever
 * their name (`cluster`, say, in older home-ops templates). Such a root syncs, from
 * a directory holding its own file, a GitRepository written in that directory too (so
 * that Flux keeps both). One inside another root's directory is applied by that root,
 * so only the outermost count; an app Kustomization whose path happens to hold its own
 * ks.yaml names a source written elsewhere, and is none.
 */
function selfApplyingRoots(
  model: FluxModel,
  kustomizations: AppliedObject[],
  entryOf: (object: AppliedObject, kind: FluxEntry['kind']) => Omit<FluxEntry, 'name' | 'kustomization' | 'root'> | null,
): [AppliedObject, Omit<FluxEntry, 'name' | 'kustomization' | 'root'>][] {
  const inside = (dir: string, file: string) => dir === '' || file.startsWith(`${dir}/`);
  const candidates = kustomizations.flatMap((object) => {
    const entry = entryOf(object, 'self-applying Kustomization');
    const defined = entry !== null && model.repository.ofKind('GitRepository').some((r) => r.name === entry.source.name && inside(entry.path, r.document.source.path));
    if (!entry || !defined || model.repository.kindOfPath(entry.path || '.') !== 'directory' || !inside(entry.path, entry.location.file)) return [];
    return [[object, entry] as [AppliedObject, Omit<FluxEntry, 'name' | 'kustomization' | 'root'>]];
  });
  return candidates.filter(([object, entry]) => !candidates.some(([other, outer]) => other !== object && outer.path !== entry.path && inside(outer.path, entry.location.file)));
}

/** A Flux Operator sync (`kind`, `url`, `path`, `name` default: the namespace) as an entry. */
function syncEntry(sync: unknown, namespace: string, kind: FluxEntry['kind'], location: Location): Omit<FluxEntry, 'name' | 'kustomization' | 'root'> | null {
  const written = stringValue(nodeAt(sync, ['path']));
  if (written === null || written.includes('${')) return null;
  const source: EntrySource = {
    kind: stringValue(nodeAt(sync, ['kind'])) ?? 'GitRepository',
    name: stringValue(nodeAt(sync, ['name'])) ?? namespace,
    namespace,
    url: stringValue(nodeAt(sync, ['url'])),
  };
  return { path: normalizedPath(written), kind, source, location };
}

/**
 * Where a sync path is: a directory of the repository, or, for a source made from a
 * subdirectory (an OCI artifact), the one below a directory above the file that starts
 * the sync — that file is in what it syncs. Null when the path is not here at all.
 */
function artifactRoot(repository: Repository, syncPath: string, entryFile: string): string | null {
  if (repository.kindOfPath(syncPath || '.') === 'directory') return '';
  for (let dir = path.posix.dirname(entryFile); dir !== '.' && dir !== '/'; dir = path.posix.dirname(dir)) {
    const candidate = normalizedPath(`${dir}/${syncPath}`);
    if (entryFile.startsWith(`${candidate}/`) && repository.kindOfPath(candidate) === 'directory') return dir;
  }
  return null;
}

/**
 * The objects a Flux Operator ResourceSet lists inline in `spec.resources` (a
 * flux-instance HelmRelease and its OCIRepository, say), as objects of the file that
 * holds the ResourceSet, so that an entry point written there is found.
 */
export function resourceSetItems(objects: AppliedObject[]): AppliedObject[] {
  const items: AppliedObject[] = [];
  for (const object of objects) {
    const { apiVersion, kind } = idOf(object);
    if (groupOf(apiVersion) !== 'fluxcd.controlplane.io' || kind !== 'ResourceSet') continue;
    for (const item of itemsOf(nodeAt(object.node, ['spec', 'resources']))) {
      if (isMap(item) && stringValue(nodeAt(item, ['kind']))) items.push({ ...object, node: item as MapNode, anchor: item });
    }
  }
  return items;
}

/**
 * `flux bootstrap` writes the flux-system GitRepository and Kustomization into
 * `<path>/flux-system/gotk-sync.yaml`; a repository may commit that file as a
 * placeholder ("generated automatically by flux bootstrap") before the first
 * bootstrap. Source: https://fluxcd.io/flux/installation/bootstrap/
 */
export function bootstrapPlaceholders(repository: Repository): string[] {
  return repository.files
    .filter((file) => path.posix.basename(file.source.path) === 'gotk-sync.yaml' && file.documents.every((d) => d.contents === null))
    .map((file) => file.source.path);
}

/** A Git URL reduced to host and path, so `ssh://git@host/o/r.git` and `https://host/o/r` compare equal. */
export function sameRepositoryUrl(a: string, b: string): boolean {
  const reduce = (url: string) =>
    url
      .trim()
      .toLowerCase()
      .replace(/^[a-z+]+:\/\//, '')
      .replace(/^[^@/]*@/, '')
      .replace(/^([^/:]+):(?!\d)/, '$1/')
      .replace(/:\d+\//, '/')
      .replace(/\/+$/, '')
      .replace(/\.git$/, '');
  return reduce(a) === reduce(b);
}

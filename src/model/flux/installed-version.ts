import path from 'node:path';
import type { FluxEntry } from './entries.js';
import { stringAt } from '../../yaml/nodes.js';
import type { FluxModel } from './model.js';

/** A Flux release as major and minor. */
export interface FluxVersion {
  major: number;
  minor: number;
}

/** The header `flux bootstrap` and `flux install --export` write: `# Flux Version: v2.3.0`. */
const HEADER = /^# Flux Version: v?(\d+)\.(\d+)\./m;

/** The OCI artifact of Flux's own manifests, which a cluster that manages Flux with Flux pins by tag. */
const FLUX_MANIFESTS = 'oci://ghcr.io/fluxcd/flux-manifests';

function parseVersion(text: string | null, pattern = /^v?(\d+)\.(\d+)\.\d+$/): FluxVersion | null {
  const match = text === null ? null : pattern.exec(text.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : null;
}

/**
 * The Flux version a file is applied with, from what installs Flux in each cluster
 * that applies it (the newest, where a cluster names several):
 * - the header of a gotk-components.yaml (`flux bootstrap`);
 * - an OCIRepository of oci://ghcr.io/fluxcd/flux-manifests with a `ref.tag`
 *   (a cluster that manages its Flux with Flux, as the onedr0p template does);
 * - a FluxInstance's `distribution.version` naming a minor release (`2.3.x`).
 * Null when some cluster installs Flux in a way that names no version here (a range
 * such as `2.x`, a chart, a cluster managed elsewhere): then it is not known.
 */
export function installedFluxVersion(model: FluxModel, file: string): FluxVersion | null {
  let byCluster = installedByModel.get(model);
  if (!byCluster) installedByModel.set(model, (byCluster = installedByCluster(model)));
  const versions = model.clustersOf(file).map((cluster) => byCluster.get(cluster));
  if (!versions.length || versions.some((v) => v === undefined)) return null;
  return (versions as FluxVersion[]).reduce((newest, v) => (compareVersions(v, newest) > 0 ? v : newest));
}

/** Each model's installed versions, found once (a rule asks once per deprecated object). */
const installedByModel = new WeakMap<FluxModel, Map<FluxEntry | null, FluxVersion>>();

function installedByCluster(model: FluxModel): Map<FluxEntry | null, FluxVersion> {
  const byCluster = new Map<FluxEntry | null, FluxVersion>();
  const pin = (clusters: (FluxEntry | null)[], version: FluxVersion | null) => {
    if (!version) return;
    for (const cluster of clusters) {
      const known = byCluster.get(cluster);
      if (!known || compareVersions(version, known) > 0) byCluster.set(cluster, version);
    }
  };
  for (const components of model.repository.files) {
    if (path.posix.basename(components.source.path) !== 'gotk-components.yaml') continue;
    const match = HEADER.exec(components.source.text.slice(0, 500));
    if (match) pin(model.clustersOf(components.source.path), { major: Number(match[1]), minor: Number(match[2]) });
  }
  for (const source of model.ofKind('OCIRepository')) {
    if (stringAt(source.node, ['spec', 'url'])?.replace(/\/$/, '') === FLUX_MANIFESTS) pin([source.cluster], parseVersion(stringAt(source.node, ['spec', 'ref', 'tag'])));
  }
  for (const instance of model.ofKind('FluxInstance')) {
    pin([instance.cluster], parseVersion(stringAt(instance.node, ['spec', 'distribution', 'version']), /^v?(\d+)\.(\d+)(?:\.(?:x|\*|\d+))?$/));
  }
  return byCluster;
}

export function compareVersions(a: FluxVersion, b: FluxVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

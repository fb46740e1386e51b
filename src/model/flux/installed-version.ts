import path from 'node:path';
import type { FluxEntry } from './entries.js';
import type { FluxModel } from './model.js';

/** A Flux release as major and minor. */
export interface FluxVersion {
  major: number;
  minor: number;
}

/** The header `flux bootstrap` and `flux install --export` write: `# Flux Version: v2.3.0`. */
const HEADER = /^# Flux Version: v?(\d+)\.(\d+)\./m;

/**
 * The Flux version a file is applied with: the version in the gotk-components.yaml
 * header of each cluster that applies it (the newest, where a cluster holds several).
 * Null when some cluster installs Flux in a way that writes no version here (the Flux
 * Operator, a remote base, a cluster managed elsewhere): then it is not known.
 */
export function installedFluxVersion(model: FluxModel, file: string): FluxVersion | null {
  const byCluster = new Map<FluxEntry | null, FluxVersion>();
  for (const components of model.repository.files) {
    if (path.posix.basename(components.source.path) !== 'gotk-components.yaml') continue;
    const match = HEADER.exec(components.source.text.slice(0, 500));
    if (!match) continue;
    const version = { major: Number(match[1]), minor: Number(match[2]) };
    for (const cluster of model.clustersOf(components.source.path)) {
      const known = byCluster.get(cluster);
      if (!known || compareVersions(version, known) > 0) byCluster.set(cluster, version);
    }
  }
  const versions = model.clustersOf(file).map((cluster) => byCluster.get(cluster));
  if (!versions.length || versions.some((v) => v === undefined)) return null;
  return (versions as FluxVersion[]).reduce((newest, v) => (compareVersions(v, newest) > 0 ? v : newest));
}

export function compareVersions(a: FluxVersion, b: FluxVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

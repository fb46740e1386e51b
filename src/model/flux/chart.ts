import { nodeAt, stringValue } from '../../yaml/nodes.js';
import { idOf } from '../kustomize/object.js';
import type { AppliedObject, FluxModel } from './model.js';

/** The chart a HelmRelease installs: its name (the last path segment) and version or range, as written. */
export interface ReleaseChart {
  name: string;
  version: string | null;
}

/**
 * The chart of a HelmRelease: `chart.spec.chart`, or the chart a `chartRef` points
 * to (an OCIRepository's URL, a HelmChart's `spec.chart`). Null when it cannot be
 * told from the repository.
 */
export function chartOf(model: FluxModel, release: AppliedObject): ReleaseChart | null {
  const spec = nodeAt(release.node, ['spec']);
  const chartName = stringValue(nodeAt(spec, ['chart', 'spec', 'chart']));
  if (chartName !== null) return { name: lastSegment(chartName), version: stringValue(nodeAt(spec, ['chart', 'spec', 'version'])) };
  const refKind = stringValue(nodeAt(spec, ['chartRef', 'kind']));
  const refName = stringValue(nodeAt(spec, ['chartRef', 'name']));
  if (!refName) return null;
  const namespace = stringValue(nodeAt(spec, ['chartRef', 'namespace'])) ?? idOf(release).namespace;
  if (refKind === 'OCIRepository') {
    const repository = model.find('OCIRepository', refName, namespace)[0];
    const url = repository ? stringValue(nodeAt(repository.node, ['spec', 'url'])) : null;
    if (!repository || !url) return null;
    const ref = nodeAt(repository.node, ['spec', 'ref']);
    return { name: lastSegment(url), version: stringValue(nodeAt(ref, ['tag'])) ?? stringValue(nodeAt(ref, ['semver'])) };
  }
  if (refKind === 'HelmChart') {
    const chart = model.find('HelmChart', refName, namespace)[0];
    const name = chart ? stringValue(nodeAt(chart.node, ['spec', 'chart'])) : null;
    return name ? { name: lastSegment(name), version: stringValue(nodeAt(chart!.node, ['spec', 'version'])) } : null;
  }
  return null;
}

function lastSegment(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

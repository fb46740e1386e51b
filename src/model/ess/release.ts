import { isMap, isScalar, type Node } from 'yaml';
import type { Location } from '../../diagnostic.js';
import { nodeAt, stringValue, type MapNode } from '../../yaml/nodes.js';
import { composeValues, targetPathKeys, type HelmReleaseValues, type ValuesLayer } from '../flux/helm-values.js';
import { chartOf } from '../flux/chart.js';
import type { AppliedObject, FluxModel } from '../flux/model.js';
import { groupOf, idOf } from '../kustomize/object.js';
import { CHART_DEFAULTS } from './chart-defaults.js';

/** The OCI path and chart name of the Element Server Suite chart. */
export const ESS_CHART = 'matrix-stack';

/** A HelmRelease of the matrix-stack chart, with its values as the chart sees them. */
export interface EssRelease {
  object: AppliedObject;
  namespace: string;
  name: string;
  /** The Helm release name (`spec.releaseName`, else Flux's default), which prefixes the chart's objects. */
  releaseName: string;
  /** Where the chart's objects go: `spec.targetNamespace`, else the HelmRelease's namespace. */
  installNamespace: string;
  /** The chart version or semver range, as written (null when not pinned). */
  chartVersion: string | null;
  values: ChartValues;
}

const cache = new WeakMap<FluxModel, EssRelease[]>();

/** `{{ $.Values.x.y }}` or `{{ .Values.x.y }}` in a value the chart renders with `tpl`. */
const VALUES_REFERENCE = /\{\{-?\s*\$?\.Values\.([\w.]+)\s*-?\}\}/g;

/** Every HelmRelease in the repository that installs the matrix-stack chart. */
export function essReleases(model: FluxModel): EssRelease[] {
  let releases = cache.get(model);
  if (!releases) {
    releases = [];
    for (const object of model.ofKind('HelmRelease')) {
      if (groupOf(idOf(object).apiVersion) !== 'helm.toolkit.fluxcd.io') continue;
      const chart = chartOf(model, object);
      if (chart?.name !== ESS_CHART) continue;
      const id = idOf(object);
      const targetNamespace = stringValue(nodeAt(object.node, ['spec', 'targetNamespace']));
      releases.push({
        object,
        namespace: id.namespace,
        name: id.name,
        releaseName: stringValue(nodeAt(object.node, ['spec', 'releaseName'])) ?? (targetNamespace ? `${targetNamespace}-${id.name}` : id.name),
        installNamespace: targetNamespace ?? id.namespace,
        chartVersion: chart.version,
        values: new ChartValues(model, composeValues(model, object)),
      });
    }
    cache.set(model, releases);
  }
  return releases;
}

/** A path into the values: keys of mappings. */
export type ValuesPath = readonly string[];

/**
 * A HelmRelease's values as the chart sees them: the user's values (every node with
 * the place it was written) over the chart's defaults. A value that a layer fluxlint
 * cannot read (a SOPS-encrypted Secret) might change is not certain.
 */
export class ChartValues {
  constructor(
    private readonly model: FluxModel,
    readonly composed: HelmReleaseValues,
  ) {}

  get root(): MapNode {
    return this.composed.values;
  }

  /** The layers fluxlint could not read, with the reason each one is unknown. */
  get unknownLayers(): ValuesLayer[] {
    return this.composed.layers.filter((l) => l.unknown !== null);
  }

  /** The node the user wrote at a path, or null (a written `null` counts as not written). */
  node(path: ValuesPath): Node | null {
    const node = nodeAt(this.root, path);
    return !node || (isScalar(node) && node.value === null) ? null : node;
  }

  /** The value at a path: the user's, else the chart default. A user `null` deletes the default, as in Helm. */
  value(path: ValuesPath): unknown {
    const node = nodeAt(this.root, path);
    if (node) return isScalar(node) ? node.value : node.toJSON();
    for (let i = path.length - 1; i > 0; i--) {
      const parent = nodeAt(this.root, path.slice(0, i));
      if (parent && !isMap(parent)) return undefined;
    }
    let current: unknown = CHART_DEFAULTS;
    for (const key of path) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
    return current;
  }

  /** Whether a component (or any feature with `enabled`) is on; Helm templates treat a missing value as false. */
  enabled(path: ValuesPath): boolean {
    return this.value([...path, 'enabled']) === true;
  }

  /** A string value with the chart's `tpl` references to other values rendered; null when it is not known. */
  text(path: ValuesPath): string | null {
    const node = this.node(path);
    if (node && this.model.origins.unknownReason(node)) return null;
    const value = this.value(path);
    return typeof value === 'string' ? this.render(value, 0) : null;
  }

  /**
   * A string value for a message: the text, or `<path>` when it came from a Secret
   * (never shown) or is not known.
   */
  shown(path: ValuesPath): string {
    const text = this.derivedFromSecret(path, 0) ? null : this.text(path);
    return text ?? `<${path.join('.')}>`;
  }

  /** Whether the value at a path came from a Secret, itself or through a `{{ .Values.x }}` it renders. */
  private derivedFromSecret(path: ValuesPath, depth: number): boolean {
    const node = this.node(path);
    if (node && this.isSecret(node)) return true;
    const value = this.value(path);
    if (typeof value !== 'string' || depth > 8) return false;
    return [...value.matchAll(VALUES_REFERENCE)].some((match) => this.derivedFromSecret(match[1]!.split('.'), depth + 1));
  }

  /**
   * Renders `{{ $.Values.x.y }}` and `{{ .Values.x.y }}` as the chart's `tpl` does.
   * Text with any other template, or an unresolved Flux variable, is not known.
   */
  private render(text: string, depth: number): string | null {
    if (depth > 8) return null;
    let unknown = false;
    const rendered = text.replace(VALUES_REFERENCE, (_, path: string) => {
      const value = this.value(path.split('.'));
      if (typeof value !== 'string' && typeof value !== 'number') {
        unknown = true;
        return '';
      }
      return this.render(String(value), depth + 1) ?? ((unknown = true), '');
    });
    return unknown || rendered.includes('{{') || /\$\{[^}]*\}/.test(rendered) ? null : rendered;
  }

  /**
   * Whether the value at a path is certain: no layer fluxlint cannot read comes
   * after the layer that wrote it (or, for a value not written, no such layer at all)
   * and could set it.
   */
  certain(path: ValuesPath): boolean {
    const node = nodeAt(this.root, path);
    const writtenIn = node ? (this.composed.layerOf.get(node) ?? -1) : -1;
    return this.composed.layers.every((layer, index) => layer.unknown === null || index <= writtenIn || !overlaps(layer.targetPath, path));
  }

  /** Where a node of the values was written. */
  locate(node: Node | null | undefined): Location | null {
    return this.model.origins.locate(node);
  }

  /** Whether a node came from a Secret (never to be shown). */
  isSecret(node: Node): boolean {
    return this.model.origins.isSecret(node);
  }

  /** The JS value of the user's values, as Helm validates them before merging defaults. */
  userValues(): unknown {
    return this.root.toJSON();
  }
}

/** Whether a layer with this targetPath (null: the whole values) can set something at a path. */
function overlaps(targetPath: string | null, path: ValuesPath): boolean {
  if (!targetPath) return true;
  const keys = targetPathKeys(targetPath);
  if ('error' in keys) return true;
  const n = Math.min(keys.length, path.length);
  return keys.slice(0, n).every((k, i) => String(k) === path[i]);
}

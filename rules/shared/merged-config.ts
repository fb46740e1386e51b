import type { FluxModel } from '../../src/model/flux/model.js';
import { additionalEntries, ADDITIONAL_COMPONENTS, type AdditionalComponent } from '../../src/model/ess/additional.js';
import { essReleases, type EssRelease } from '../../src/model/ess/release.js';
import { configDocuments, type ConfigDocument } from './embedded-config.js';

/** A component's `additional` configuration merged as the chart merges it, and what fluxlint could not read of it. */
export interface MergedConfig {
  /** The inline documents, in merge order. */
  documents: ConfigDocument[];
  /** Their values merged: mappings deep-merge, lists append, later documents win (the chart's matrix-tools renderer). */
  value: Record<string, unknown>;
  /** Why the merge may be incomplete (configuration read from a Secret at run time, values fluxlint cannot read); null when complete. */
  incomplete: string | null;
}

export function mergedConfig(model: FluxModel, release: EssRelease, component: AdditionalComponent): MergedConfig {
  const documents = configDocuments(model, component).filter((d) => d.release === release);
  let value: Record<string, unknown> = {};
  for (const document of documents) value = deepMerge(value, document.document.toJS()) as Record<string, unknown>;
  const secrets = additionalEntries(release.values, component).filter((e) => e.secret);
  const path = [...ADDITIONAL_COMPONENTS[component], 'additional'];
  const reasons = secrets.map((e) => `"${e.name}" is read from Secret "${e.secret!.name}" (key "${e.secret!.key}") at run time`);
  if (!release.values.certain(path)) reasons.push(...release.values.unknownLayers.map((l) => l.unknown!));
  return { documents, value, incomplete: reasons.length ? reasons.join('; ') : null };
}

/** The releases with MAS enabled, each with its merged MAS configuration. */
export function masConfigs(model: FluxModel): { release: EssRelease; mas: MergedConfig }[] {
  return essReleases(model)
    .filter((release) => release.values.enabled(['matrixAuthenticationService']))
    .map((release) => ({ release, mas: mergedConfig(model, release, 'mas') }));
}

function deepMerge(target: unknown, source: unknown): unknown {
  if (Array.isArray(target) && Array.isArray(source)) return [...target, ...source];
  if (isObject(target) && isObject(source)) {
    const result: Record<string, unknown> = { ...target };
    for (const [key, value] of Object.entries(source)) result[key] = key in result ? deepMerge(result[key], value) : value;
    return result;
  }
  return source === undefined ? target : source;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Shared reference data beside the repository; tests that need it skip visibly when it is absent. */
export const SHARED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared');
export const CORPUS = path.join(SHARED, 'corpus');
export const UPSTREAM = path.join(SHARED, 'upstream');

export function sharedAvailable(dir: string): boolean {
  if (existsSync(dir)) return true;
  console.warn(`SKIPPED: ${dir} is absent; tests that need the shared reference data do not run.`);
  return false;
}

/**
 * The repositories of the corpus, named here rather than read from the directory, so
 * that without ../shared each per-repository test still shows up, as skipped.
 */
export const CORPUS_REPOSITORIES = [
  '_index_extracts',
  'billimek__k8s-gitops',
  'bjw-s-labs__home-ops',
  'bluevulpine__flux-talos',
  'drag0n141__home-ops',
  'fluxcd__flux2-kustomize-helm-example',
  'fluxcd__flux2-multi-tenancy',
  'lucas-dclrcq__homelabitty',
  'onedr0p__cluster-template',
  'onedr0p__home-ops',
  'yukariin__cluster',
];

/** The corpus directories as found, to check against CORPUS_REPOSITORIES. */
export function corpusDirectories(): string[] {
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

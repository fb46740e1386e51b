import type { Location } from '../../diagnostic.js';

/** Something a build could not do as written; rules turn these into findings. */
export interface BuildProblem {
  kind: 'missing' | 'cycle' | 'outside-root' | 'remote' | 'invalid' | 'unmodelled';
  message: string;
  location: Location;
  /** The kustomization file sets nothing; Flux's overlay may still fill it (see FluxModel). */
  emptyKustomization?: string;
  /**
   * Flux writes its overlay into the kustomization at a Kustomization's `path` before
   * kustomize builds it, so a Flux Kustomization setting one of these fields on this
   * directory may supply what is missing (an object, a field, a name): the problem
   * is then unknown, not wrong.
   */
  overlay?: { dir: string; fields: string[] };
}

/**
 * Whether a build holds every object as kustomize makes it: no remote resource left
 * out, no transformer left unapplied. Otherwise "matches nothing" is unknown, not wrong.
 * (A missing file fails the build on its own, and is reported so.)
 */
export function buildIsComplete(problems: readonly BuildProblem[]): boolean {
  return !problems.some((p) => p.kind === 'remote' || p.kind === 'unmodelled');
}

const REMOTE = /^(https?:\/\/|git@|ssh:\/\/|git::|(github|gitlab|bitbucket)\.(com|org)\/)|\?ref=|\/\/.*\?/;

/** Whether a kustomization entry names something kustomize fetches (a URL, a git repository), not a local path. */
export function isRemote(written: string): boolean {
  return REMOTE.test(written);
}

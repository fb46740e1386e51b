/**
 * The standalone validator modules compiled into a bundle (the Action's
 * dist/action/index.js), which has no dist/generated/ beside it. The bundle provides
 * them before it lints; the schema loaders prefer them to files and to compiling.
 */
export interface BundledValidators {
  /** The exports of k8s-validators.cjs: one validator per "apiVersion kind". */
  k8s: Record<string, unknown>;
  /** The exports of config-validators.cjs: one validator per configuration schema name. */
  config: Record<string, unknown>;
}

let bundled: BundledValidators | undefined;

export function provideBundledValidators(modules: BundledValidators): void {
  bundled = modules;
}

export function bundledValidators(): BundledValidators | undefined {
  return bundled;
}

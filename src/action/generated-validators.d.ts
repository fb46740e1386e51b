/** Modules that exist only in the bundle: build.ts generates them from schemas/. */

declare module 'fluxlint-generated:k8s-validators' {
  const validators: Record<string, unknown>;
  export default validators;
}

declare module 'fluxlint-generated:config-validators' {
  const validators: Record<string, unknown>;
  export default validators;
}

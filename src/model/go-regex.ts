import { RE2JS } from 're2js';

/**
 * A regular expression written in Go's syntax (SOPS's regexes, kustomize's patch
 * targets), compiled with re2js: Go's own RE2 syntax, and matching in time linear in
 * the input whatever the expression, so a repository cannot make fluxlint hang.
 */
export interface GoRegExp {
  /** Whether the expression matches anywhere in the text, as Go's MatchString. */
  test(text: string): boolean;
}

/** The compiled expression, or Go's own message for why it does not compile. */
export function goRegExp(source: string): GoRegExp | { error: string } {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (error) {
    return { error: String((error as Error).message ?? error).replace(/^error parsing regexp: /, '') };
  }
  return { test: (text) => compiled.matcher(text).find() };
}

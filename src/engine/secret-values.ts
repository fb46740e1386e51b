import type { Diagnostic } from '../diagnostic.js';
import { secretTextMask } from '../model/secrets.js';

/**
 * The last check before a finding is printed: a Secret's value that reached a
 * message, a fix or a related message (an object name substituted from a Secret,
 * say) is masked there, whichever rule wrote it. Rules already show values through
 * the model, which knows what came from a Secret; this catches what a rule could not
 * know, such as a name, which is part of an object's identity.
 */
export function maskSecretValues(diagnostics: Diagnostic[], secretValues: ReadonlySet<string>): Diagnostic[] {
  const mask = secretTextMask(secretValues);
  if (!mask) return diagnostics;
  return diagnostics.map((diagnostic) => ({
    ...diagnostic,
    message: mask(diagnostic.message),
    related: diagnostic.related.map((related) => ({ ...related, message: mask(related.message) })),
    ...(diagnostic.fix === undefined ? {} : { fix: mask(diagnostic.fix) }),
  }));
}

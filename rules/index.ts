import type { Rule } from '../src/engine/rule.js';
import { deprecatedApi } from './flux/deprecated-api.js';
import { unreadableFile } from './fluxlint/unreadable-file.js';
import { unusedDisable } from './fluxlint/unused-disable.js';
import { schema as k8sSchema } from './k8s/schema.js';
import { invalidMetadata } from './sops/invalid-metadata.js';
import { partiallyEncrypted } from './sops/partially-encrypted.js';
import { plaintextGenerator } from './sops/plaintext-generator.js';
import { unencryptedSecret } from './sops/unencrypted-secret.js';
import { duplicateKey } from './yaml/duplicate-key.js';
import { syntax } from './yaml/syntax.js';

/** Every rule fluxlint has. Adding a rule: one module in its pack, one line here. */
export const RULES: readonly Rule[] = [
  syntax,
  duplicateKey,
  unreadableFile,
  unusedDisable,
  unencryptedSecret,
  partiallyEncrypted,
  invalidMetadata,
  plaintextGenerator,
  deprecatedApi,
  k8sSchema,
];

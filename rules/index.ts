import type { Rule } from '../src/engine/rule.js';
import { duplicateHost } from './cert-manager/duplicate-host.js';
import { config as elementWebConfig } from './element-web/config.js';
import { hostConflict } from './ess/host-conflict.js';
import { rtcFoci } from './ess/rtc-foci.js';
import { valuesSchema } from './ess/values-schema.js';
import { wellKnownDisabled } from './ess/well-known-disabled.js';
import { deprecatedApi } from './flux/deprecated-api.js';
import { invalidValues } from './flux/invalid-values.js';
import { missingReference } from './flux/missing-reference.js';
import { unreached } from './flux/unreached.js';
import { unresolvedSubstitution } from './flux/unresolved-substitution.js';
import { unreadableFile } from './fluxlint/unreadable-file.js';
import { unusedDisable } from './fluxlint/unused-disable.js';
import { schema as k8sSchema } from './k8s/schema.js';
import { buildError } from './kustomize/build-error.js';
import { invalidPath } from './kustomize/invalid-path.js';
import { missingResource } from './kustomize/missing-resource.js';
import { remoteResource } from './kustomize/remote-resource.js';
import { unmodelledTransformer } from './kustomize/unmodelled-transformer.js';
import { config as masConfig } from './mas/config.js';
import { loginLockout } from './mas/login-lockout.js';
import { openRegistration } from './mas/open-registration.js';
import { invalidMetadata } from './sops/invalid-metadata.js';
import { partiallyEncrypted } from './sops/partially-encrypted.js';
import { plaintextGenerator } from './sops/plaintext-generator.js';
import { unencryptedSecret } from './sops/unencrypted-secret.js';
import { chartManagedKey } from './synapse/chart-managed-key.js';
import { unknownKey as synapseUnknownKey } from './synapse/unknown-key.js';
import { aliasLimit } from './yaml/alias-limit.js';
import { duplicateKey } from './yaml/duplicate-key.js';
import { syntax } from './yaml/syntax.js';

/** Every rule fluxlint has. Adding a rule: one module in its pack, one line here. */
export const RULES: readonly Rule[] = [
  syntax,
  duplicateKey,
  aliasLimit,
  unreadableFile,
  unusedDisable,
  unencryptedSecret,
  partiallyEncrypted,
  invalidMetadata,
  plaintextGenerator,
  missingResource,
  invalidPath,
  remoteResource,
  unmodelledTransformer,
  buildError,
  unresolvedSubstitution,
  missingReference,
  invalidValues,
  deprecatedApi,
  unreached,
  k8sSchema,
  valuesSchema,
  wellKnownDisabled,
  rtcFoci,
  hostConflict,
  duplicateHost,
  synapseUnknownKey,
  chartManagedKey,
  masConfig,
  loginLockout,
  openRegistration,
  elementWebConfig,
];

import type { Rule } from '../../src/engine/rule.js';
import { dataLeaves, encryptionPolicy, looksEncrypted, sopsMetadataOf } from '../../src/model/sops.js';
import { isScalar } from 'yaml';

export const partiallyEncrypted: Rule = {
  meta: {
    id: 'sops/partially-encrypted',
    severity: 'error',
    description: 'A SOPS-encrypted file holds a plaintext value that its own sops settings say must be encrypted.',
    docs: {
      rationale: 'This happens when a value is added to an encrypted file without going through sops: the value is public, and Flux fails to decrypt the file because the MAC no longer matches.',
      bad: 'kind: Secret\nstringData:\n  token: ENC[AES256_GCM,data:…,type:str]\n  password: hunter2\nsops:\n  encrypted_regex: ^(data|stringData)$\n  # …',
      good: 'kind: Secret\nstringData:\n  token: ENC[AES256_GCM,data:…,type:str]\n  password: ENC[AES256_GCM,data:…,type:str]\nsops:\n  encrypted_regex: ^(data|stringData)$\n  # …',
    },
  },
  create(context) {
    return {
      document(document, file) {
        const meta = sopsMetadataOf(document, file);
        if (!meta) return;
        const result = encryptionPolicy(meta);
        if ('unknown' in result) {
          // Said once, by the document that holds the metadata.
          if (meta.document !== document) return;
          context.report({
            severity: 'info',
            message: `Could not check which values must be encrypted: ${result.unknown}.`,
            location: meta.document.locate(result.node),
          });
          return;
        }
        for (const leaf of dataLeaves(document)) {
          if (!result.policy(leaf.path)) continue;
          const node = leaf.node;
          // SOPS leaves null and empty values as they are: there is nothing to encrypt.
          if (!isScalar(node) || node.value === null || node.value === '' || looksEncrypted(node.value)) continue;
          context.report({
            message: `"${leaf.path.join('.')}" is plaintext, but this file's SOPS settings (${result.description}) say it must be encrypted.`,
            location: document.locate(leaf.pair ? leaf.pair.key as never : node),
            fix: `Open the file with \`sops ${document.source.path}\` and save it, so SOPS encrypts the value and recomputes the MAC. Rotate the value if it was pushed.`,
          });
        }
      },
    };
  },
};

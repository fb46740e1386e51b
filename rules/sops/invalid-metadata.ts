import { isScalar, visit, type Node } from 'yaml';
import type { Rule, RuleContext } from '../../src/engine/rule.js';
import { encValueProblem, ownSopsMetadata, SOPS_KEY_GROUPS, sopsMetadataOf, type SopsMetadata } from '../../src/model/sops.js';
import type { YamlDocument } from '../../src/yaml/document.js';
import { itemsOf, pairOf, resolve } from '../../src/yaml/nodes.js';

export const invalidMetadata: Rule = {
  meta: {
    id: 'sops/invalid-metadata',
    severity: 'error',
    description: 'A sops block lacks its MAC, timestamp or key groups, or an ENC[…] value is malformed.',
    docs: {
      rationale: 'SOPS and Flux refuse to decrypt such a file, so the Secret never reaches the cluster; usually the result of a hand edit or a bad merge.',
      bad: 'stringData:\n  password: ENC[AES256_GCM,data:Zm9v,iv:YmFy]\nsops:\n  age: []\n  version: 3.10.2',
      good: 'stringData:\n  password: ENC[AES256_GCM,data:Zm9v,iv:YmFy,tag:YmF6,type:str]\nsops:\n  age:\n    - recipient: age1…\n      enc: |\n        -----BEGIN AGE ENCRYPTED FILE-----\n        …\n  lastmodified: "2026-01-01T00:00:00Z"\n  mac: ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]\n  version: 3.10.2',
    },
  },
  create(context) {
    return {
      document(document, file) {
        const own = ownSopsMetadata(document);
        if (own) checkMetadata(context, own);
        checkEncValues(context, document, sopsMetadataOf(document, file) !== null);
      },
    };
  },
};

function checkMetadata(context: RuleContext, meta: SopsMetadata): void {
  const { document, node } = meta;
  const doc = document.doc;
  const at = document.locate(meta.pair.key as Node);
  for (const field of ['mac', 'lastmodified']) {
    const pair = pairOf(node, field, doc);
    const value = pair ? resolve(pair.value, doc) : null;
    if (!value || (isScalar(value) && (value.value === null || value.value === ''))) {
      context.report({
        message: `The sops block has no "${field}"; SOPS and Flux refuse to decrypt the file.`,
        location: pair ? document.locate(pair.key as Node) : at,
        fix: 'Restore the block from the last version sops wrote, or decrypt the original and encrypt it again.',
      });
    }
  }
  const hasKeys = SOPS_KEY_GROUPS.some((group) => itemsOf(pairOf(node, group, doc)?.value, doc).length > 0);
  if (!hasKeys) {
    context.report({
      message: `The sops block names no key (${SOPS_KEY_GROUPS.join(', ')} are all missing or empty); nobody can decrypt the file.`,
      location: at,
      fix: 'Encrypt the file again with the recipients from .sops.yaml (for example an age key that Flux holds in its sops-age Secret).',
    });
  }
}

/** Malformed ENC[…] values anywhere in the document, and ENC values in a document that has no sops block. */
function checkEncValues(context: RuleContext, document: YamlDocument, hasMetadata: boolean): void {
  if (!document.ownText.includes('ENC[')) return;
  let orphan: Node | null = null;
  visit(document.doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.value.startsWith('ENC[')) return;
      orphan ??= node;
      const problem = encValueProblem(node.value);
      if (problem) {
        context.report({
          message: `Malformed SOPS value: ${problem}.`,
          location: document.locate(node),
          fix: 'Values must be written by sops itself; restore this one from the last encrypted version, or re-encrypt the decrypted file.',
        });
      }
    },
  });
  if (orphan && !hasMetadata) {
    context.report({
      message: 'This document holds ENC[…] values but no sops block: the values cannot be decrypted and Flux applies them as they are.',
      location: document.locate(orphan),
      fix: 'Copy the whole encrypted file rather than single values, or encrypt the decrypted document with sops.',
    });
  }
}

import path from 'node:path';
import type { Node } from 'yaml';
import type { Rule } from '../../src/engine/rule.js';
import { isSopsEncryptedText } from '../../src/model/sops.js';
import { itemsOf, nodeAt, pairOf, stringAt, stringValue } from '../../src/yaml/nodes.js';

const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

export const plaintextGenerator: Rule = {
  meta: {
    id: 'sops/plaintext-generator',
    severity: 'warning',
    description: 'A kustomize secretGenerator takes literals, or files and envs that are not SOPS-encrypted.',
    docs: {
      rationale: 'The generated Secret is only as secret as its sources: literals and plaintext files are readable by anyone with the repository. Flux decrypts SOPS-encrypted generator files itself.',
      bad: 'secretGenerator:\n  - name: db\n    literals:\n      - password=hunter2\n    envs:\n      - db.env        # plaintext',
      good: 'secretGenerator:\n  - name: db\n    envs:\n      - db.sops.env   # sops --encrypt --in-place db.sops.env',
    },
  },
  create(context) {
    return {
      document(document, file) {
        if (!KUSTOMIZATION_FILE.test(file.source.path)) return;
        const doc = document.doc;
        const dir = path.posix.dirname(file.source.path);
        for (const generator of itemsOf(nodeAt(document.contents, ['secretGenerator'], doc), doc)) {
          const name = stringAt(generator, ['name'], doc) ?? '(unnamed)';
          const literals = pairOf(generator, 'literals', doc);
          if (literals && itemsOf(literals.value, doc).length > 0) {
            context.report({
              message: `secretGenerator "${name}" writes its values as plaintext literals.`,
              location: document.locate(literals.key as Node),
              fix: 'Move the values into a file encrypted with sops (for example name.sops.env under envs), which Flux decrypts at build time.',
            });
          }
          for (const field of ['files', 'envs']) {
            for (const item of itemsOf(nodeAt(generator, [field], doc), doc)) {
              const entry = stringValue(item, doc);
              if (!entry) continue;
              // `files` entries may be `key=path`.
              const relative = field === 'files' && entry.includes('=') ? entry.slice(entry.indexOf('=') + 1) : entry;
              const target = path.posix.normalize(path.posix.join(dir, relative));
              const text = context.repository.readText(target);
              // A missing file is a kustomize problem, not a secrecy one.
              if (text === null || isSopsEncryptedText(text)) continue;
              context.report({
                message: `secretGenerator "${name}" reads "${relative}", which is not SOPS-encrypted.`,
                location: document.locate(item),
                fix: `Encrypt it with sops --encrypt --in-place ${target}; Flux decrypts SOPS files named in a secretGenerator.`,
              });
            }
          }
        }
      },
    };
  },
};

import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from '../engine/config.js';
import { TOOL } from '../package-root.js';

/**
 * The `$schema` an editor's YAML language server reads: the schema of the fluxlint
 * installed in the repository when there is one, else the published package's.
 */
function schemaReference(root: string): string {
  const local = path.join(root, 'node_modules', 'fluxlint', 'schemas', 'fluxlint-config.schema.json');
  if (existsSync(local)) return './node_modules/fluxlint/schemas/fluxlint-config.schema.json';
  return `https://unpkg.com/fluxlint@${TOOL.version}/schemas/fluxlint-config.schema.json`;
}

/** A commented starting configuration: every setting shown, none changing a default. */
export function initialConfig(root: string): string {
  return `# yaml-language-server: $schema=${schemaReference(root)}
# fluxlint configuration. Every setting is optional; \`fluxlint rules\` lists the rules.

# Severity per rule: off, info, warn (or warning) or error.
rules: {}
#  sops/plaintext-generator: error

# Paths not to lint, in .gitignore syntax, relative to the repository root.
ignore: []
#  - templates/
#  - "*.j2.yaml"

# Objects that exist in the cluster but not in the repository, as Kind/namespace/name (* matches anything).
external: []
#  - Secret/flux-system/sops-age

# Lint trees no Flux entry point reaches (an .archive/, templates) as fully as deployed ones.
lintUnreached: false

# Rule settings for some paths; later entries win.
overrides: []
#  - files: ["clusters/dev/**"]
#    rules:
#      sops/unencrypted-secret: warn
`;
}

/** Writes .fluxlint.yaml in the root; never overwrites one without `force`. */
export function writeInitialConfig(root: string, force: boolean): { written: string } | { error: string } {
  const existing = CONFIG_FILE_NAMES.map((name) => path.join(root, name)).find((file) => existsSync(file));
  if (existing && !force) return { error: `${existing} exists; use --force to overwrite it` };
  const target = existing ?? path.join(root, CONFIG_FILE_NAMES[0]!);
  writeFileSync(target, initialConfig(root));
  return { written: target };
}

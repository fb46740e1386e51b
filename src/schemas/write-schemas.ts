import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateConfigSchemaFiles } from './config-definitions.js';
import { SCHEMA_DIR } from './config-schemas.js';
import { generateSchemaFiles } from './generate.js';
import { K8S_SCHEMA_DIR } from './validators.js';

/**
 * `npm run schemas`: writes `schemas/k8s/` from the definitions in
 * `src/schemas/definitions/`, and the configuration schemas beside it. A test
 * fails when the files are stale.
 */
const files = generateSchemaFiles();
mkdirSync(K8S_SCHEMA_DIR, { recursive: true });
for (const entry of readdirSync(K8S_SCHEMA_DIR, { recursive: true, encoding: 'utf8' })) {
  const relative = entry.split(path.sep).join('/');
  if (relative.endsWith('.json') && !files.has(relative)) rmSync(path.join(K8S_SCHEMA_DIR, entry));
}
for (const [file, text] of files) write(path.join(K8S_SCHEMA_DIR, file), text);
const configFiles = generateConfigSchemaFiles();
for (const [file, text] of configFiles) write(path.join(SCHEMA_DIR, file), text);
console.log(`schemas/k8s: ${files.size - 1} schemas and index.json written; ${configFiles.size} configuration schemas written.`);

function write(target: string, text: string): void {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

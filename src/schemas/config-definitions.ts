import type { Schema } from './dsl.js';
import { elementWebConfig } from './definitions/element-web.js';
import { masConfig } from './definitions/mas.js';
import { matrixStackValues } from './definitions/matrix-stack.js';
import { synapseConfig } from './definitions/synapse.js';
import { CONFIG_SCHEMA_FILES, type ConfigSchemaName } from './config-schemas.js';
import { expandSchema, json } from './generate.js';

/** The root of each configuration schema, with the words of its header. */
const ROOTS: Record<ConfigSchemaName, { schema: Schema; title: string; description: string }> = {
  'matrix-stack-26': {
    schema: matrixStackValues,
    title: 'Values of the matrix-stack chart 26.x',
    description: 'The values of the Element Server Suite chart matrix-stack 26.x as fluxlint checks them: unknown keys are errors, as in the chart. Written by fluxlint from the chart documentation.',
  },
  synapse: {
    schema: synapseConfig,
    title: 'Synapse homeserver configuration',
    description: 'The options of Synapse homeserver.yaml that fluxlint knows. Written by fluxlint from the Synapse documentation.',
  },
  mas: {
    schema: masConfig,
    title: 'Matrix Authentication Service configuration',
    description: 'The configuration of the Matrix Authentication Service as fluxlint checks it. Written by fluxlint from the MAS documentation.',
  },
  'element-web': {
    schema: elementWebConfig,
    title: 'Element Web config.json',
    description: 'The keys of Element Web config.json. Written by fluxlint from the Element Web documentation.',
  },
};

/** Every configuration schema file (path relative to `schemas/` → content). */
export function generateConfigSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, root] of Object.entries(ROOTS) as [ConfigSchemaName, (typeof ROOTS)[ConfigSchemaName]][]) {
    const file = CONFIG_SCHEMA_FILES[name];
    files.set(file, json(expandSchema(root.schema, { $id: `urn:fluxlint:${file}`, title: root.title, description: root.description })));
  }
  return files;
}

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { withCatalogue, withRuleIds } from './catalogue.js';

/** `npm run docs`: regenerates the README's rule catalogue and the rule ids in the configuration schema. */
const metas = RULES.map((r) => r.meta);
const readmePath = path.join(PACKAGE_ROOT, 'README.md');
writeFileSync(readmePath, withCatalogue(readFileSync(readmePath, 'utf8'), metas));
const schemaPath = path.join(PACKAGE_ROOT, 'schemas', 'fluxlint-config.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
writeFileSync(schemaPath, `${JSON.stringify(withRuleIds(schema, metas), null, 2)}\n`);
console.log('README.md and schemas/fluxlint-config.schema.json are up to date.');

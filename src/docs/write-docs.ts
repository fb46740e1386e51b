import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { withRuleIds, withRuleTable } from './catalogue.js';
import { RULE_DOCS_DIR, ruleDocFiles, ruleDocFilesOnDisk } from './rule-pages.js';

/**
 * `npm run docs`: regenerates the rule pages under docs/rules/ (removing pages of rules
 * that no longer exist), the README's rule table and the rule ids in the configuration schema.
 */
const metas = RULES.map((r) => r.meta);
const pages = ruleDocFiles(metas);
for (const file of ruleDocFilesOnDisk(PACKAGE_ROOT)) {
  if (!pages.has(file)) rmSync(path.join(PACKAGE_ROOT, file));
}
for (const [file, text] of pages) {
  mkdirSync(path.dirname(path.join(PACKAGE_ROOT, file)), { recursive: true });
  writeFileSync(path.join(PACKAGE_ROOT, file), text);
}
const readmePath = path.join(PACKAGE_ROOT, 'README.md');
writeFileSync(readmePath, withRuleTable(readFileSync(readmePath, 'utf8'), metas));
const schemaPath = path.join(PACKAGE_ROOT, 'schemas', 'fluxlint-config.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
writeFileSync(schemaPath, `${JSON.stringify(withRuleIds(schema, metas), null, 2)}\n`);
console.log(`${RULE_DOCS_DIR}/ (${pages.size} pages), README.md and schemas/fluxlint-config.schema.json are up to date.`);

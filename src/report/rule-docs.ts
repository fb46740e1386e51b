import { TOOL } from '../package-root.js';

/** The documentation page of a rule, generated from its metadata under docs/rules/. */
export function ruleDocsUrl(ruleId: string): string {
  return `${TOOL.informationUri}/blob/main/docs/rules/${ruleId}.md`;
}

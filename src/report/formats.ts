import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import type { ReportInput } from './report.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

export const FORMATS = { stylish, json, sarif, github, junit } satisfies Record<string, (input: ReportInput) => string>;

export type FormatName = keyof typeof FORMATS;

export function isFormat(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

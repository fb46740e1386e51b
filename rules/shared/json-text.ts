import type { Scalar } from 'yaml';
import type { Location } from '../../src/diagnostic.js';
import type { Origins } from '../../src/model/origins.js';
import { jsonSyntaxError } from '../../src/yaml/json-syntax.js';

/**
 * Whether a string value that the chart parses with `fromJson` holds a JSON object:
 * null when it does (or is a template the chart renders first), else what is wrong
 * and where, placed on the offending character inside the string.
 */
export function jsonObjectProblem(origins: Origins, node: Scalar, fallback: Location): { problem: string; location: Location } | null {
  const text = node.value;
  if (typeof text !== 'string' || text.includes('{{')) return null;
  const syntax = jsonSyntaxError(text);
  if (!syntax && /^\s*\{/.test(text)) return null;
  const offset = syntax ? syntax.offset : text.search(/\S|$/);
  const document = origins.textOf(node)?.documents()[0];
  const location = document
    ? document.source.location(document.mapping.start(Math.min(offset, Math.max(0, text.length - 1))), document.mapping.end(Math.min(offset + 1, text.length)))
    : (origins.locate(node) ?? fallback);
  return { problem: syntax ? `is not valid JSON: ${syntax.message}` : 'is JSON but not an object', location };
}

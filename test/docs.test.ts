import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { withCatalogue, withRuleIds } from '../src/docs/catalogue.js';
import { REPO_ROOT } from './helpers.js';

const metas = RULES.map((r) => r.meta);

describe('documentation generated from rule metadata', () => {
  it('the README rule catalogue is current (run `npm run docs`)', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(withCatalogue(readme, metas));
    for (const meta of metas) expect(readme).toContain(`### \`${meta.id}\``);
  });

  it('the configuration schema lists every rule id (run `npm run docs`)', () => {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/fluxlint-config.schema.json'), 'utf8'));
    expect(schema).toEqual(withRuleIds(schema, metas));
    expect(Object.keys(schema.definitions.ruleSettings.properties)).toEqual(metas.map((m) => m.id));
  });

  it('every rule has a unique pack/name id, a description and examples', () => {
    expect(new Set(metas.map((m) => m.id)).size).toBe(metas.length);
    for (const meta of metas) {
      expect(meta.id).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(meta.description).toMatch(/^[A-Z].*\.$/);
      expect(meta.docs.rationale.length).toBeGreaterThan(20);
      expect(meta.docs.bad).not.toBe(meta.docs.good);
    }
  });

  it('the README test command is what CI runs', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const ci = readFileSync(path.join(REPO_ROOT, '.ci/run'), 'utf8');
    expect(readme).toContain('npm ci && npm test');
    expect(readme).toContain('npm ci && npm run demo');
    expect(ci).toContain('npm ci');
    expect(ci).toContain('npm test');
  });
});

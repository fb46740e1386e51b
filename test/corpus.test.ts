import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { brief, lintDir } from './helpers.js';
import { CORPUS, sharedAvailable } from './corpus.js';

/**
 * Every repository of the corpus (real public Flux repositories, not copied here)
 * is linted as its own root. No crash, no internal error; every SOPS finding was
 * looked at by hand and is listed here.
 */
const EXPECTED_SOPS_FINDINGS: Record<string, string[]> = {
  // A vendored upstream manifest ships a generated Secret (a base64 image reference) in plaintext.
  'bluevulpine__flux-talos': ['sops/unencrypted-secret kubernetes/apps/database/cloudnative-pg/plugin-barman-cloud/manifest.yaml:943:3'],
};

describe.runIf(sharedAvailable(CORPUS))('the corpus of real Flux repositories', () => {
  const repositories = sharedAvailable(CORPUS) ? readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];

  it('has the ten repositories and the extracts', () => {
    expect(repositories.length).toBe(11);
  });

  for (const name of repositories) {
    it(`lints ${name} without internal errors, with exactly the expected SOPS findings`, async () => {
      const result = await lintDir(path.join(CORPUS, name));
      expect(result.internalErrors).toEqual([]);
      expect(result.repository.files.length).toBeGreaterThan(0);
      const sops = result.diagnostics.filter((d) => d.ruleId.startsWith('sops/')).map(brief);
      expect(sops).toEqual(EXPECTED_SOPS_FINDINGS[name] ?? []);
    });
  }
});

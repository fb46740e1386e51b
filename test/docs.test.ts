import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { withRuleIds, withRuleTable } from '../src/docs/catalogue.js';
import { ruleDocFiles, ruleDocFilesOnDisk } from '../src/docs/rule-pages.js';
import { REPO_ROOT, brief, lintDir, makeRepo } from './helpers.js';

const metas = RULES.map((r) => r.meta);
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** Pages the README links to that other branches write (the Action's and the pre-commit hook's). */
describe('documentation generated from rule metadata', () => {
  const generated = ruleDocFiles(metas);

  it('every rule page under docs/rules/ and its index are current (run `npm run docs`)', () => {
    for (const [file, text] of generated) {
      expect(existsSync(path.join(REPO_ROOT, file)), `${file} is missing`).toBe(true);
      expect(read(file), `${file} is stale`).toBe(text);
    }
  });

  it('docs/rules/ holds no page of a rule that does not exist (run `npm run docs`)', () => {
    expect(ruleDocFilesOnDisk(REPO_ROOT)).toEqual([...generated.keys()].sort());
    expect(generated.size).toBe(metas.length + 1);
  });

  it('a page has the title, default severity, description, rationale, examples and how to configure and silence the rule', () => {
    const page = generated.get('docs/rules/sops/unencrypted-secret.md')!;
    const sections = page.split('\n').filter((line) => line.startsWith('## ') || line.startsWith('# `'));
    expect(sections).toEqual(['# `sops/unencrypted-secret`', '## Why', '## Reported', '## Fixed', '## Configure', '## Suppress']);
    expect(page).toContain('\nDefault severity: **error**\n\nA Secret with data is not SOPS-encrypted, or a file named *.sops.yaml is not encrypted.\n');
    expect(page).toContain('\n  sops/unencrypted-secret: warn   # off | info | warn | error\n');
    expect(page).toContain('\n# fluxlint-disable-next-line sops/unencrypted-secret -- why this is fine here\n# fluxlint-disable-file sops/unencrypted-secret\n');
    const unusedDisable = generated.get('docs/rules/fluxlint/unused-disable.md')!;
    expect(unusedDisable).toContain('\n  fluxlint/unused-disable: error   # off | info | warn | error\n');
    expect(unusedDisable).toContain('\nA disable comment cannot silence this rule');
    expect(unusedDisable).not.toContain('fluxlint-disable-next-line fluxlint/unused-disable');
  });

  it('the README rule table is current and links every rule to its page (run `npm run docs`)', () => {
    const readme = read('README.md');
    expect(readme).toBe(withRuleTable(readme, metas));
    for (const meta of metas) expect(readme).toContain(`| [\`${meta.id}\`](docs/rules/${meta.id}.md) | ${meta.severity} | ${meta.description} |`);
  });

  it('the configuration schema lists every rule id (run `npm run docs`)', () => {
    const schema = JSON.parse(read('schemas/fluxlint-config.schema.json'));
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
});

describe('what the rule pages say about silencing a rule holds', () => {
  it('a disable comment does not silence fluxlint/unused-disable', async () => {
    const dir = makeRepo({ 'a.yaml': '# fluxlint-disable-file fluxlint/unused-disable\n# fluxlint-disable-next-line yaml/duplicate-key\na: 1\n' });
    expect((await lintDir(dir)).diagnostics.map(brief)).toEqual(['fluxlint/unused-disable a.yaml:1:1', 'fluxlint/unused-disable a.yaml:2:1']);
  });

  it('fluxlint/unreadable-file is silenced by `ignore` or an override', async () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x61]);
    expect((await lintDir(makeRepo({ 'bin.yaml': binary }))).diagnostics.map(brief)).toEqual(['fluxlint/unreadable-file bin.yaml:1:1']);
    expect((await lintDir(makeRepo({ 'bin.yaml': binary, '.fluxlint.yaml': 'ignore: [bin.yaml]\n' }))).diagnostics).toEqual([]);
    const override = 'overrides:\n  - files: [bin.yaml]\n    rules:\n      fluxlint/unreadable-file: "off"\n';
    expect((await lintDir(makeRepo({ 'bin.yaml': binary, '.fluxlint.yaml': override }))).diagnostics).toEqual([]);
  });

  it('yaml/syntax is silenced in a file by fluxlint-disable-file', async () => {
    const broken = 'metadata:\n  name: app\n   namespace: apps\n';
    expect((await lintDir(makeRepo({ 'a.yaml': broken }))).diagnostics.map(brief)).toEqual(['yaml/syntax a.yaml:2:9']);
    expect((await lintDir(makeRepo({ 'a.yaml': `# fluxlint-disable-file yaml/syntax\n${broken}` }))).diagnostics).toEqual([]);
  });
});

describe('the README and docs/', () => {
  const guides = readdirSync(path.join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  const pages = ['README.md', ...guides, ...ruleDocFilesOnDisk(REPO_ROOT)];

  it('every relative link points to a file, and to a heading in it', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const target of relativeLinks(read(page))) {
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const linked = file ? path.posix.normalize(path.posix.join(path.posix.dirname(page), file)) : page;
        if (!existsSync(path.join(REPO_ROOT, linked))) broken.push(`${page}: ${target} (no such file)`);
        else if (anchor && !headingSlugs(read(linked)).has(anchor)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the README test command is what CI runs, command for command', () => {
    // The two set-up commands of the Quick start block, as `cmd && cmd  # comment` lines.
    const block = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(read('README.md'))![1]!;
    const commands = block
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean)
      .map((line) => line.split('&&').map((part) => part.trim()));
    expect(commands).toEqual([
      ['npm ci', 'npm run demo'],
      ['npm ci', 'npm test'],
    ]);
    // .ci/run executes exactly the test line's commands, in order, and nothing else.
    const ci = read('.ci/run')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#') && !/^(set |cd )/.test(line));
    expect(ci).toEqual(commands[1]);
  });

  it('the README links to every page of docs/', () => {
    const linked = new Set(relativeLinks(read('README.md')).map((target) => target.split('#')[0]));
    expect(guides.length).toBeGreaterThan(5);
    for (const page of guides) expect(linked, page).toContain(page);
    expect(linked).toContain('docs/rules/README.md');
  });
});

/** The targets of Markdown links outside code blocks that are not URLs. */
function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/^\s*```[\s\S]*?^\s*```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z]+:/.test(target));
}

/** GitHub's anchors for the headings of a page. */
function headingSlugs(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/^\s*```[\s\S]*?^\s*```/gm, '');
  const slugs = withoutCode
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) =>
      line
        .replace(/^#+ /, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    );
  return new Set(slugs);
}

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENC, FIXTURES, brief, findings, lintDir, makeRepo, sopsBlock } from './helpers.js';

describe('SOPS rules on the demo repository', async () => {
  const result = await lintDir(path.join(FIXTURES, 'demo'));
  const sops = findings(result, 'sops/');

  it('reports each SOPS problem at its line and column', () => {
    expect(sops).toEqual([
      'sops/plaintext-generator apps/grafana/kustomization.yaml:8:5',
      'sops/plaintext-generator apps/grafana/kustomization.yaml:12:9',
      'sops/partially-encrypted apps/grafana/secret.sops.yaml:9:3',
      'sops/partially-encrypted apps/grafana/secret.sops.yaml:11:5',
      'sops/unencrypted-secret apps/legacy/notes.sops.yaml:2:1',
      'sops/invalid-metadata apps/legacy/notes.sops.yaml:16:10',
      'sops/invalid-metadata apps/legacy/secret.sops.yaml:7:10',
      'sops/invalid-metadata apps/legacy/secret.sops.yaml:8:1',
      'sops/invalid-metadata apps/legacy/secret.sops.yaml:8:1',
      'sops/unencrypted-secret apps/paperless/db-secret.yaml:9:3',
    ]);
  });

  it('says what is wrong, naming keys but never values', () => {
    const messages = result.diagnostics.filter((d) => d.ruleId.startsWith('sops/')).map((d) => d.message);
    expect(messages).toContain('Secret "documents/paperless-db" holds 2 plaintext values (stringData.POSTGRES_USER, stringData.POSTGRES_PASSWORD) and is not SOPS-encrypted.');
    expect(messages).toContain('"stringData.smtp.password" is plaintext, but this file\'s SOPS settings (encrypted_regex ^(data|stringData)$) say it must be encrypted.');
    expect(messages).toContain('Malformed SOPS value: it lacks tag, type.');
    expect(messages).toContain('The sops block has no "mac"; SOPS and Flux refuse to decrypt the file.');
    expect(messages).toContain('secretGenerator "grafana-smtp" reads "smtp.env", which is not SOPS-encrypted.');
  });

  it('points at the creation rule that requires encryption', () => {
    const d = result.diagnostics.find((x) => brief(x) === 'sops/unencrypted-secret apps/legacy/notes.sops.yaml:2:1')!;
    expect(d.related).toEqual([
      { location: { file: '.sops.yaml', line: 2, column: 17, endLine: 2, endColumn: 37 }, message: 'the creation rule sops --encrypt would use (.sops.yaml)' },
    ]);
  });

  it('honours a suppression comment and reports an unused one', () => {
    expect(findings(result, 'fluxlint/')).toEqual(['fluxlint/unused-disable apps/matrix/release.yaml:16:3']);
    expect(sops.some((f) => f.includes('apps/matrix/release.yaml'))).toBe(false);
  });
});

describe('sops/unencrypted-secret', () => {
  const secret = (body: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n${body}`;

  it('passes Secrets without data, deletion stubs, references and encrypted files', async () => {
    const dir = makeRepo({
      'empty.yaml': secret('type: Opaque\n'),
      'nulls.yaml': secret('stringData:\n  a:\n  b: ""\n'),
      'delete.yaml': secret('$patch: delete\nstringData:\n  a: plain\n'),
      'refs.yaml': secret('stringData:\n  a: ${SECRET_A}\n  b: "postgres://u:${PASS}@db/x"\n  c: op://vault/item/field\n'),
      'enc.yaml': secret(`stringData:\n  a: ${ENC.a}\n${sopsBlock('encrypted_regex: ^(data|stringData)$')}`),
    });
    expect(findings(await lintDir(dir), 'sops/')).toEqual([]);
  });

  it('passes a template of placeholders and public material, and reports only the real values of one that mixes them', async () => {
    const knownHosts = Buffer.from('git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n').toString('base64');
    const dir = makeRepo({
      'template.yaml': secret(`data:\n  identity: XXXX\n  identity.pub: XXXX\n  known_hosts: ${knownHosts}\n`),
      'words.yaml': secret(`stringData:\n  a: <your token>\n  b: CHANGE_ME\n  c: replace-me\n  d: '********'\n  f: DISCORD_WEBHOOK_URL\ndata:\n  e: ${Buffer.from('changeme').toString('base64')}\n`),
      'mixed.yaml': secret('stringData:\n  user: changeme\n  password: hunter2\n  ca.crt: public\n  token: Gh_p9x_Q2\n'),
    });
    const result = await lintDir(dir);
    expect(result.diagnostics.filter((d) => d.ruleId.startsWith('sops/')).map((d) => `${brief(d)} ${d.message}`)).toEqual([
      'sops/unencrypted-secret mixed.yaml:7:3 Secret "s" holds 2 plaintext values (stringData.password, stringData.token) and is not SOPS-encrypted.',
    ]);
  });

  it('checks every document of a multi-document file on its own', async () => {
    const dir = makeRepo({
      'multi.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n---\n${secret('data:\n  key: cGxhaW4=\n')}---\n${secret('stringData:\n  x: ${X}\n')}`,
    });
    expect(findings(await lintDir(dir), 'sops/')).toEqual(['sops/unencrypted-secret multi.yaml:13:3']);
  });

  it('treats documents after the first as covered by the metadata in the first', async () => {
    const dir = makeRepo({
      'multi.sops.yaml': `${secret(`stringData:\n  a: ${ENC.a}\n`)}${sopsBlock('encrypted_regex: ^(data|stringData)$')}---\n${secret(`stringData:\n  b: ${ENC.b}\n  c: plain\n`)}`,
    });
    const result = await lintDir(dir);
    expect(findings(result, 'sops/')).toEqual(['sops/partially-encrypted multi.sops.yaml:25:3']);
  });

  it('requires nothing of a file because a .sops.yaml creation rule covers it: the rule only says how sops encrypts', async () => {
    // The catch-all of many home-ops repositories: every YAML file under kubernetes/, data and stringData encrypted.
    const dir = makeRepo({
      '.sops.yaml': 'creation_rules:\n  - path_regex: kubernetes/.*\\.ya?ml\n    encrypted_regex: ^(data|stringData)$\n    age: age1xyz\n',
      'kubernetes/apps/web/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  mode: fast\n',
      'kubernetes/apps/web/kustomization.yaml': 'resources:\n  - configmap.yaml\n',
      'kubernetes/talos/config.yaml': 'machine:\n  type: controlplane\n',
    });
    expect(findings(await lintDir(dir), 'sops/')).toEqual([]);
  });

  it('requires encryption of a file named *.sops.yaml, pointing at the creation rule sops would use', async () => {
    const dir = makeRepo({
      'k8s/.sops.yaml': 'creation_rules:\n  - path_regex: talos/.*\\.yaml$\n  - path_regex: (?i)SECRETS?\\.sops\\.yaml$\n  - age: age1xyz\n',
      'k8s/talos/talsecret.sops.yaml': 'cluster:\n  token: abc\n',
      'k8s/apps/Secrets.sops.yml': 'a: 1\n',
      'k8s/apps/empty.sops.yaml': '# nothing yet\n',
      'k8s/apps/other.yaml': 'a: 1\n',
    });
    const result = await lintDir(dir);
    expect(findings(result, 'sops/')).toEqual(['sops/unencrypted-secret k8s/apps/Secrets.sops.yml:1:1', 'sops/unencrypted-secret k8s/talos/talsecret.sops.yaml:1:1']);
    const [first, second] = result.diagnostics;
    expect(first!.message).toBe('Secrets.sops.yml is named as a SOPS file, but it has no SOPS metadata: it is not encrypted.');
    // Secrets.sops.yml (.yml) falls to the rule without path_regex: nothing to point at; talsecret matches the first.
    expect(first!.related).toEqual([]);
    expect(second!.related).toEqual([
      { location: { file: 'k8s/.sops.yaml', line: 2, column: 17, endLine: 2, endColumn: 32 }, message: 'the creation rule sops --encrypt would use (k8s/.sops.yaml)' },
    ]);
    expect(second!.fix).toBe('Encrypt it with sops --encrypt --in-place k8s/talos/talsecret.sops.yaml; if it was ever pushed, rotate what it holds.');
  });
});

describe('sops/partially-encrypted', () => {
  const doc = (data: string, ...selectors: string[]) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n${data}${sopsBlock(...selectors)}`;

  it('with no selector, every value but *_unencrypted keys must be encrypted', async () => {
    const dir = makeRepo({
      'talsecret.sops.yaml': `cluster:\n  id: ${ENC.a}\n  port_unencrypted: 6443\n  name: plain\n  flags:\n    - ${ENC.b}\n    - true\n${sopsBlock('unencrypted_suffix: _unencrypted')}`,
      'none.sops.yaml': `token: plain\n${sopsBlock()}`,
    });
    expect(findings(await lintDir(dir), 'sops/')).toEqual([
      'sops/partially-encrypted none.sops.yaml:1:1',
      'sops/partially-encrypted talsecret.sops.yaml:4:3',
      'sops/partially-encrypted talsecret.sops.yaml:7:7',
    ]);
  });

  it('reads Go inline flags in encrypted_regex as SOPS does', async () => {
    const dir = makeRepo({
      'a.sops.yaml': doc(`stringData:\n  PASSWORD: plain\n  other: ${ENC.a}\n`, 'encrypted_regex: ((?i)(pass|secret($|[^N])|key|token|^data$|^stringData))'),
    });
    // stringData matches, so both values are in scope; metadata.name and kind do not.
    expect(findings(await lintDir(dir), 'sops/')).toEqual(['sops/partially-encrypted a.sops.yaml:6:3']);
  });

  it('supports unencrypted_regex and encrypted_suffix', async () => {
    const dir = makeRepo({
      'u.sops.yaml': `public:\n  host: example.org\nprivate: plain\n${sopsBlock('unencrypted_regex: ^public$')}`,
      's.sops.yaml': `db_secret: plain\nhost: example.org\n${sopsBlock('encrypted_suffix: _secret')}`,
    });
    expect(findings(await lintDir(dir), 'sops/')).toEqual([
      'sops/partially-encrypted s.sops.yaml:1:1',
      'sops/partially-encrypted u.sops.yaml:3:1',
    ]);
  });

  it('says once that it could not check when the regex is not valid Go (a look-ahead)', async () => {
    const dir = makeRepo({ 'a.sops.yaml': doc('stringData:\n  a: plain\n', 'encrypted_regex: ^(?=a)b$') });
    const result = await lintDir(dir);
    const d = result.diagnostics.filter((x) => x.ruleId === 'sops/partially-encrypted');
    expect(d.map((x) => [x.severity, x.location.line, x.message])).toEqual([
      ['info', 16, 'Could not check which values must be encrypted: its encrypted_regex is not a valid Go regular expression (invalid or unsupported Perl syntax: `(?=`).'],
    ]);
  });

  it('reads flags in the middle of an expression, as Go does', async () => {
    const dir = makeRepo({ 'a.sops.yaml': doc(`stringData:\n  aB: plain\n  aC: plain\n  other: ${ENC.a}\n`, 'encrypted_regex: ^(a(?i)b)$') });
    expect(findings(await lintDir(dir), 'sops/')).toEqual(['sops/partially-encrypted a.sops.yaml:6:3']);
  });
});

describe('sops/invalid-metadata', () => {
  it('reports a bad type, a missing lastmodified and empty key groups', async () => {
    const dir = makeRepo({
      'a.sops.yaml': `a: ENC[AES256_GCM,data:Zm9v,iv:YmFy,tag:YmF6,type:string]\nsops:\n  age: []\n  pgp: []\n  mac: ${ENC.a}\n  version: 3.7.3\n`,
      'b.sops.yaml': `a: ${ENC.int}\nsops:\n  key_groups:\n    - age:\n        - recipient: age1x\n          enc: x\n  lastmodified: "2026-01-01T00:00:00Z"\n  mac: ${ENC.a}\n`,
    });
    const result = await lintDir(dir);
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.message}`)).toEqual([
      'sops/invalid-metadata a.sops.yaml:1:4 Malformed SOPS value: its type is not one of str, int, float, bool, bytes, time, comment.',
      'sops/invalid-metadata a.sops.yaml:2:1 The sops block has no "lastmodified"; SOPS and Flux refuse to decrypt the file.',
      'sops/invalid-metadata a.sops.yaml:2:1 The sops block names no key (age, pgp, kms, gcp_kms, azure_kv, hc_vault, key_groups are all missing or empty); nobody can decrypt the file.',
    ]);
  });
});

describe('sops/plaintext-generator', () => {
  it('accepts generator files that SOPS encrypted, in any format', async () => {
    const dir = makeRepo({
      'app/kustomization.yaml': 'secretGenerator:\n  - name: a\n    envs: [a.env]\n    files: [b.json, c=c.yaml, d.bin, missing.env]\n',
      'app/a.env': `A=${ENC.a}\nsops_version=3.11.0\nsops_mac=${ENC.b}\n`,
      'app/b.json': `{"a": "${ENC.a}", "sops": {"mac": "${ENC.b}"}}`,
      'app/c.yaml': `a: ${ENC.a}\n${sopsBlock()}`,
      'app/d.bin': `{\n\t"data": "${ENC.a}",\n\t"sops": {\n\t\t"mac": "${ENC.b}"\n\t}\n}`,
    });
    expect(findings(await lintDir(dir), 'sops/')).toEqual([]);
  });
});

import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Rule } from '../../src/engine/rule.js';
import { displayName, type Resource } from '../../src/model/resource.js';
import { creationRuleFor, type CreationRule } from '../../src/model/sops-config.js';
import { isSopsEncryptedFile, looksEncrypted, sopsMetadataOf } from '../../src/model/sops.js';
import type { YamlFile } from '../../src/yaml/file.js';
import { keyName, nodeAt, pairsOf, resolve, stringAt } from '../../src/yaml/nodes.js';

/**
 * Values that are references resolved outside the repository, not secrets: a Flux
 * `${VAR}` placeholder (filled in from an encrypted Secret at apply time), a
 * 1Password `op://` reference, a vals `ref+…://` reference.
 */
const REFERENCE = /\$\{[^}]+\}|^op:\/\/|^ref\+[a-z0-9]+:\/\//;

/**
 * Values of a template meant to be filled in, which give nothing away: one character
 * repeated (`XXXX`), an `<angle-bracketed hint>`, or a word that asks for a value.
 */
const PLACEHOLDER = /^(?:(.)\1*|<[^<>]*>|change[-_ ]?me|replace[-_ ]?me|todo|fixme|placeholder|redacted)$/i;

/** The name of what goes there, in capitals (`DISCORD_WEBHOOK_URL`, `YOUR_API_KEY`): no generated credential looks like that. */
const PLACEHOLDER_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** Entries that hold public material by their name: an SSH public key, known hosts, a certificate. */
const PUBLIC_ENTRY = /(?:\.pub|^known_hosts|^ca\.crt|^tls\.crt)$/;

/** The name that marks a file for SOPS: `secret.sops.yaml`, `talsecret.sops.yml`. */
const SOPS_FILE_NAME = /(^|\/)[^/]+\.sops\.ya?ml$/i;

export const unencryptedSecret: Rule = {
  meta: {
    id: 'sops/unencrypted-secret',
    severity: 'error',
    description: 'A Secret with data is not SOPS-encrypted, or a file named *.sops.yaml is not encrypted.',
    docs: {
      rationale:
        'A Secret pushed in plaintext is public to everyone who can read the repository, forever: rotating it is the only fix. References resolved elsewhere (`${VAR}`, `op://`, `ref+…://`), placeholders of a template (`XXXX`, `<your token>`, `changeme`, `YOUR_API_KEY`) and public entries (`*.pub`, `known_hosts`, `ca.crt`, `tls.crt`) are not counted.',
      bad: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2',
      good: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]\nsops:\n  age: [...]\n  lastmodified: "2026-01-01T00:00:00Z"\n  mac: ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]\n  encrypted_regex: ^(data|stringData)$\n  version: 3.10.2',
    },
  },
  create(context) {
    const reported = new Set<string>();
    return {
      resource(resource) {
        if (resource.kind !== 'Secret') return;
        const file = context.repository.file(resource.document.source.path);
        if (!file || sopsMetadataOf(resource.document, file)) return;
        if (stringAt(resource.node, ['$patch'], resource.document.doc) === 'delete') return;
        const plaintext = plaintextEntries(resource);
        const first = plaintext[0];
        if (!first) return;
        reported.add(file.source.path);
        const names = plaintext.map((p) => p.name);
        const listed = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
        context.report({
          message: `Secret "${displayName(resource)}" holds ${names.length} plaintext value${names.length === 1 ? '' : 's'} (${listed}) and is not SOPS-encrypted.`,
          location: resource.document.locate(first.key),
          fix: `Encrypt the file: sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place ${file.source.path}. If it was ever pushed, rotate the credentials.`,
        });
      },
      // A .sops.yaml creation rule only says how `sops --encrypt` encrypts a file when
      // someone runs it; it requires nothing. A file named *.sops.yaml is meant to be
      // encrypted: without metadata, it was committed before (or instead of) sops.
      repository() {
        for (const rule of context.repository.sopsConfigs.flatMap((config) => config.rules)) {
          if (rule.regexError === null) continue;
          context.report({
            severity: 'info',
            message: `This path_regex is not a valid Go regular expression (${rule.regexError}): sops --encrypt fails on it, and fluxlint cannot tell which files the rule covers.`,
            location: locateRule(rule),
            fix: 'Write the expression in Go (RE2) syntax: no look-arounds or backreferences.',
          });
        }
        for (const file of context.repository.files) {
          const path = file.source.path;
          if (reported.has(path) || !SOPS_FILE_NAME.test(path) || isSopsEncryptedFile(file) || isEmpty(file)) continue;
          const match = creationRuleFor(context.repository.sopsConfigs, path);
          context.report({
            message: `${path.slice(path.lastIndexOf('/') + 1)} is named as a SOPS file, but it has no SOPS metadata: it is not encrypted.`,
            location: firstContent(file),
            related: match?.rule.pathRegex ? [{ location: locateRule(match.rule), message: `the creation rule sops --encrypt would use (${match.config.file})` }] : [],
            fix: `Encrypt it with sops --encrypt --in-place ${path}; if it was ever pushed, rotate what it holds.`,
          });
        }
      },
    };
  },
};

interface PlaintextEntry {
  name: string;
  key: Node;
}

function plaintextEntries(resource: Resource): PlaintextEntry[] {
  const doc = resource.document.doc;
  const entries: PlaintextEntry[] = [];
  for (const section of ['data', 'stringData']) {
    for (const pair of pairsOf(nodeAt(resource.node, [section], doc), doc)) {
      const value = resolve(pair.value, doc);
      if (!isPlaintext(value) || PUBLIC_ENTRY.test(keyName(pair) ?? '') || isPlaceholder(value, section === 'data')) continue;
      entries.push({ name: `${section}.${keyName(pair) ?? '?'}`, key: pair.key as Node });
    }
  }
  return entries;
}

function isPlaintext(value: Node | null): boolean {
  if (!value) return false;
  if (isMap(value) || isSeq(value)) return true;
  if (!isScalar(value) || value.value === null) return false;
  const text = String(value.value);
  return text.length > 0 && !looksEncrypted(text) && !REFERENCE.test(text);
}

/** A placeholder as written, or (under `data`) as its base64 decodes. */
function isPlaceholder(value: Node | null, base64: boolean): boolean {
  if (!isScalar(value) || value.value === null) return false;
  const placeholder = (text: string) => PLACEHOLDER.test(text) || PLACEHOLDER_NAME.test(text);
  const written = String(value.value).trim();
  if (placeholder(written)) return true;
  if (!base64 || !/^[A-Za-z0-9+/]+=*$/.test(written)) return false;
  return placeholder(Buffer.from(written, 'base64').toString('utf8').trim());
}

function isEmpty(file: YamlFile): boolean {
  return file.documents.every((document) => document.contents === null);
}

function firstContent(file: YamlFile) {
  const document = file.documents.find((d) => d.contents !== null) ?? file.documents[0];
  return document ? document.locateDocument() : file.source.location(0);
}

function locateRule(rule: CreationRule) {
  return rule.document.locate(rule.node);
}

import { isScalar, type Node } from 'yaml';
import type { YamlDocument } from '../yaml/document.js';
import type { YamlFile } from '../yaml/file.js';
import { asMap, keyName, pairOf, pairsOf, resolve, scalarLeaves, stringValue, type MapNode, type MapPair } from '../yaml/nodes.js';
import { goRegExp } from './go-regex.js';

/** The `sops` metadata block of an encrypted document. */
export interface SopsMetadata {
  /** The `sops:` pair at the top of the document. */
  pair: MapPair;
  node: MapNode;
  document: YamlDocument;
}

/** The `sops` block written in a document itself, when its top level is a mapping with one. */
export function ownSopsMetadata(document: YamlDocument): SopsMetadata | null {
  if (document.hasErrors) return null;
  const pair = pairOf(document.contents, 'sops', document.doc);
  const node = pair ? asMap(pair.value, document.doc) : null;
  return pair && node ? { pair, node, document } : null;
}

/**
 * The SOPS metadata that governs a document. SOPS writes one `sops` block, into the
 * first document of a multi-document file, and it covers every document.
 */
export function sopsMetadataOf(document: YamlDocument, file: YamlFile): SopsMetadata | null {
  const own = ownSopsMetadata(document);
  if (own) return own;
  const first = file.documents[0];
  return first && first !== document ? ownSopsMetadata(first) : null;
}

/** Whether any document of a file is SOPS-encrypted. */
export function isSopsEncryptedFile(file: YamlFile): boolean {
  return file.documents.some((document) => ownSopsMetadata(document) !== null);
}

/** The key groups SOPS can encrypt a data key with. */
export const SOPS_KEY_GROUPS = ['age', 'pgp', 'kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'key_groups'] as const;

/** Any of these set means SOPS did not apply its default `unencrypted_suffix`. */
const ENCRYPTION_SELECTORS = [
  'encrypted_regex',
  'unencrypted_regex',
  'encrypted_suffix',
  'unencrypted_suffix',
  'encrypted_comment_regex',
  'unencrypted_comment_regex',
] as const;

/** SOPS's default when no selector is given: every value except those under keys ending in `_unencrypted`. */
const DEFAULT_UNENCRYPTED_SUFFIX = '_unencrypted';

/**
 * Which values SOPS encrypts, as its own metadata says: a function from the chain of
 * keys leading to a value to whether that value must be encrypted. Mirrors SOPS's
 * tree walk: the suffix and regex settings are tested against every key on the path.
 */
export type EncryptionPolicy = (path: readonly string[]) => boolean;

export type PolicyResult =
  | { policy: EncryptionPolicy; description: string }
  | { unknown: string; node: Node };

export function encryptionPolicy(meta: SopsMetadata): PolicyResult {
  const doc = meta.document.doc;
  const setting = (name: string) => {
    const pair = pairOf(meta.node, name, doc);
    const value = pair ? stringValue(pair.value, doc) : null;
    return value ? { value, node: pair!.value as Node } : null;
  };
  const encryptedRegex = setting('encrypted_regex');
  const unencryptedRegex = setting('unencrypted_regex');
  const encryptedSuffix = setting('encrypted_suffix');
  const anySelector = ENCRYPTION_SELECTORS.some((name) => setting(name));
  const unencryptedSuffix = setting('unencrypted_suffix')?.value ?? (anySelector ? null : DEFAULT_UNENCRYPTED_SUFFIX);

  const compile = (name: string, s: { value: string; node: Node } | null) => {
    const compiled = s ? goRegExp(s.value) : null;
    if (compiled && 'error' in compiled) return { unknown: `its ${name} is not a valid Go regular expression (${compiled.error})`, node: s!.node };
    return compiled;
  };
  const encryptedRe = compile('encrypted_regex', encryptedRegex);
  if (encryptedRe && 'unknown' in encryptedRe) return encryptedRe;
  const unencryptedRe = compile('unencrypted_regex', unencryptedRegex);
  if (unencryptedRe && 'unknown' in unencryptedRe) return unencryptedRe;

  const policy: EncryptionPolicy = (path) => {
    let encrypted = true;
    if (unencryptedSuffix && path.some((key) => key.endsWith(unencryptedSuffix))) encrypted = false;
    if (encryptedSuffix) encrypted = path.some((key) => key.endsWith(encryptedSuffix.value));
    if (unencryptedRe && path.some((key) => unencryptedRe.test(key))) encrypted = false;
    if (encryptedRe) encrypted = path.some((key) => encryptedRe.test(key));
    return encrypted;
  };
  const description = encryptedRegex
    ? `encrypted_regex ${encryptedRegex.value}`
    : unencryptedRegex
      ? `unencrypted_regex ${unencryptedRegex.value}`
      : encryptedSuffix
        ? `encrypted_suffix ${encryptedSuffix.value}`
        : `unencrypted_suffix ${unencryptedSuffix}`;
  return { policy, description };
}

/** An `ENC[…]` value as SOPS writes it. */
export const ENC_PATTERN = /^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]+,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:(str|int|float|bool|bytes|time|comment)\]$/;

export function looksEncrypted(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('ENC[');
}

/** What is wrong with a value that starts like `ENC[` but is not SOPS's format; null when it is fine. */
export function encValueProblem(value: string): string | null {
  if (ENC_PATTERN.test(value)) return null;
  if (!value.startsWith('ENC[AES256_GCM,')) return 'it does not name the AES256_GCM cipher';
  if (!value.endsWith(']')) return 'it is cut short (no closing bracket)';
  const missing = ['data', 'iv', 'tag', 'type'].filter((field) => !new RegExp(`[,\\[]${field}:`).test(value));
  if (missing.length) return `it lacks ${missing.join(', ')}`;
  if (!/,type:(str|int|float|bool|bytes|time|comment)\]$/.test(value)) return 'its type is not one of str, int, float, bool, bytes, time, comment';
  if (/data:,/.test(value)) return 'its data is empty';
  return 'a field holds characters that are not base64';
}

/** Every scalar value of the document outside the `sops` block, with the keys that lead to it. */
export function* dataLeaves(document: YamlDocument): Generator<{ path: string[]; node: Node; pair: MapPair | null }> {
  for (const pair of pairsOf(document.contents, document.doc)) {
    const key = keyName(pair);
    if (key === 'sops' || key === null) continue;
    const value = resolve(pair.value, document.doc);
    if (!value) continue;
    if (isScalar(value)) yield { path: [key], node: value, pair };
    else yield* scalarLeaves(value, document.doc, [key]);
  }
}

/**
 * Whether a file's text is SOPS-encrypted. SOPS marks each format its own way:
 * YAML with a `sops:` block, JSON (and the binary format, stored as JSON) with a
 * `"sops"` object, dotenv and INI with `sops_mac=` / `sops_version=` entries.
 */
export function isSopsEncryptedText(text: string): boolean {
  if (/^\s*sops_(mac|version)\s*=/m.test(text)) return true;
  if (/"sops"\s*:\s*\{/.test(text) && /"mac"\s*:/.test(text)) return true;
  return /^sops:\s*$/m.test(text) && /^\s+mac:/m.test(text);
}

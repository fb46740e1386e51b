import { freeObject, obj, str, type Schema } from '../dsl.js';
import { ObjectMeta } from './common.js';

/** The schema of one apiVersion and kind, before it is expanded into a file. */
export interface KindSchema {
  apiVersion: string;
  kind: string;
  /** The top-level fields besides apiVersion, kind, metadata and status. */
  schema: Schema;
}

/**
 * A top-level object: `apiVersion`, `kind` and `metadata` (required), `status`
 * (free-form: written by controllers, ignored on apply), a SOPS `sops` block (an
 * encrypted file keeps it until Flux decrypts it), and the kind's own fields.
 */
export function resource(
  apiVersion: string,
  kind: string,
  fields: Record<string, Schema>,
  extra: { description?: string } & Record<string, unknown> = {},
): KindSchema {
  return {
    apiVersion,
    kind,
    schema: obj(
      {
        'apiVersion!': str({ const: apiVersion }),
        'kind!': str({ const: kind }),
        'metadata!': ObjectMeta,
        ...fields,
        status: freeObject,
        sops: { ...freeObject, description: 'SOPS metadata of an encrypted file' },
      },
      extra,
    ),
  };
}

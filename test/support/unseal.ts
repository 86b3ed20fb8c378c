import * as crypto from 'node:crypto';
import { SealedSecretManifest } from '../../src/secrets/seal';
import { encryptionLabel, scopeOf, SealingScope } from '../../src/secrets/scope';

/** GCM's tag length, which Go appends to the ciphertext. */
const TAG_BYTES = 16;

/**
 * Test-only: kubeseal's HybridDecrypt, the controller's side of the scheme, written from the format
 * (2-byte big-endian length, RSA-OAEP-SHA256 wrapped session key under the scope label, AES-256-GCM
 * with a zero nonce and the tag appended). The library itself never decrypts.
 */
export function hybridDecrypt(privateKey: crypto.KeyObject | string, ciphertext: Buffer, label: Buffer): Buffer {
  if (ciphertext.length < 2) {
    throw new Error('SealedSecret data is too short');
  }
  const wrappedLength = ciphertext.readUInt16BE(0);
  if (ciphertext.length < 2 + wrappedLength + TAG_BYTES) {
    throw new Error('SealedSecret data is too short');
  }
  const sessionKey = crypto.privateDecrypt(
    { key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    ciphertext.subarray(2, 2 + wrappedLength),
  );
  const body = ciphertext.subarray(2 + wrappedLength);
  const decipher = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
}

/** One base64 value, as the controller would decrypt it for `namespace/name` under `scope`. */
export function unsealValue(privateKey: crypto.KeyObject | string, value: string, scope: SealingScope, namespace: string, name: string): Buffer {
  return hybridDecrypt(privateKey, Buffer.from(value, 'base64'), encryptionLabel(scope, namespace, name));
}

/**
 * Every value of a SealedSecret, decrypted as the controller does: scope, name and namespace from the
 * TOP-LEVEL metadata. `as` pretends the object was renamed or moved (to prove that strict values refuse).
 */
export function unsealManifest(manifest: Pick<SealedSecretManifest, 'metadata' | 'spec'>, privateKey: crypto.KeyObject | string, as: { namespace?: string; name?: string } = {}): Record<string, string> {
  const scope = scopeOf(manifest.metadata.annotations);
  const namespace = as.namespace ?? manifest.metadata.namespace;
  const name = as.name ?? manifest.metadata.name;
  return Object.fromEntries(Object.entries(manifest.spec.encryptedData)
    .map(([key, value]) => [key, unsealValue(privateKey, value, scope, namespace, name).toString('utf8')]));
}

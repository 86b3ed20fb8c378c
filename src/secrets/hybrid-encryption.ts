import * as crypto from 'node:crypto';

/** AES-256 session key, as kubeseal's sessionKeyBytes. */
const SESSION_KEY_BYTES = 32;
/** AES-GCM's standard nonce size; kubeseal uses an all-zero nonce because each session key is used once. */
const GCM_NONCE = Buffer.alloc(12);

/**
 * kubeseal's HybridEncrypt (pkg/crypto/crypto.go), byte for byte: a random 32-byte session key
 * encrypted with RSA-OAEP (SHA-256, the scope label), then the value encrypted with AES-256-GCM under
 * that key and a zero nonce. Output: 2-byte big-endian RSA ciphertext length ‖ RSA ciphertext ‖
 * AES-GCM ciphertext ‖ 16-byte tag.
 */
export function hybridEncrypt(publicKey: crypto.KeyObject, plaintext: Buffer, label: Buffer): Buffer {
  const sessionKey = crypto.randomBytes(SESSION_KEY_BYTES);
  const wrappedKey = crypto.publicEncrypt({ key: publicKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, sessionKey);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(wrappedKey.length);
  const cipher = crypto.createCipheriv('aes-256-gcm', sessionKey, GCM_NONCE);
  return Buffer.concat([length, wrappedKey, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

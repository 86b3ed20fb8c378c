import * as crypto from 'node:crypto';

/** A short, stable digest of some data, for pod annotations that roll the pods when their config changes. */
export function checksum(data: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
}

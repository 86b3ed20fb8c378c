import * as crypto from 'node:crypto';

/**
 * How `npm run secrets:bootstrap` makes a development value for a key. Real values for shared
 * environments are written by hand into `.secrets/<namespace>/<name>.env` and sealed.
 */
export type DevValue = (random: DevValueSource) => string;

/** Random material for development values. */
export interface DevValueSource {
  /** URL-safe random text of `length` characters. */
  password(length?: number): string;
  /** Random bytes as lowercase hex. */
  hex(bytes: number): string;
  /** A Fernet key (32 random bytes, URL-safe base64), as Airflow's fernet_key expects. */
  fernetKey(): string;
  /** A fresh SSH key pair: the private key PEM and the `ssh-rsa …` public key line. */
  sshKeyPair(): { privateKey: string; publicKey: string };
}

/** One key of a required credential. */
export interface SecretKeySpec {
  readonly key: string;
  /** What the value is, for people filling in `.secrets/`. */
  readonly description: string;
  readonly devValue: DevValue;
}

/** A credential a stack needs, sealed into `secrets/<namespace>/<name>.sealed.yaml`. */
export interface SecretRequirement {
  readonly namespace: string;
  readonly name: string;
  readonly description: string;
  readonly keys: readonly SecretKeySpec[];
}

/** The standard generators. */
export const DEV_VALUES = {
  password: (length = 32): DevValue => (random) => random.password(length),
  hex: (bytes = 32): DevValue => (random) => random.hex(bytes),
  fernetKey: (): DevValue => (random) => random.fernetKey(),
  literal: (value: string): DevValue => () => value,
} as const;

/** Cryptographically random development values. */
export const randomDevValues: DevValueSource = {
  password: (length = 32) => crypto.randomBytes(length).toString('base64url').slice(0, length),
  hex: (bytes) => crypto.randomBytes(bytes).toString('hex'),
  fernetKey: () => crypto.randomBytes(32).toString('base64url') + '=',
  sshKeyPair: () => {
    // RSA in PKCS#1 PEM: every OpenSSH (and so git-sync) reads it without conversion.
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 3072 });
    return { privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), publicKey: toOpenSshRsaPublicKey(publicKey) };
  },
};

/** An SSH wire-format multiple-precision integer from a big-endian unsigned byte string. */
function sshMpint(bytes: Buffer): Buffer {
  const trimmed = bytes.subarray(bytes.findIndex((b) => b !== 0));
  const body = trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return sshString(body);
}

function sshString(body: Buffer | string): Buffer {
  const data = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** The `ssh-rsa AAAA… comment` line to register as a deploy key on the git host. */
export function toOpenSshRsaPublicKey(publicKey: crypto.KeyObject, comment = 'pipeline-ops-git-sync'): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([sshString('ssh-rsa'), sshMpint(Buffer.from(jwk.e as string, 'base64url')), sshMpint(Buffer.from(jwk.n as string, 'base64url'))]);
  return `ssh-rsa ${blob.toString('base64')} ${comment}`;
}

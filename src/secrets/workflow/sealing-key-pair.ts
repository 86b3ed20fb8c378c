import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../foundation/package-root';
import { SealingCertificate } from '../sealing-certificate';

/** A sealing key pair on disk, as scripts/sealing-key.sh writes it. */
export interface SealingKeyPair {
  readonly directory: string;
  readonly certificateFile: string;
  readonly privateKeyFile: string;
  readonly certificate: SealingCertificate;
}

/** The key pair in `directory` (tls.crt, tls.key), or undefined when there is none. */
export function readSealingKeyPair(directory: string): SealingKeyPair | undefined {
  const certificateFile = path.join(directory, 'tls.crt');
  const privateKeyFile = path.join(directory, 'tls.key');
  if (!fs.existsSync(certificateFile) || !fs.existsSync(privateKeyFile)) {
    return undefined;
  }
  return { directory, certificateFile, privateKeyFile, certificate: SealingCertificate.fromPem(fs.readFileSync(certificateFile), certificateFile) };
}

/**
 * Creates a key pair with `scripts/sealing-key.sh create` (openssl: RSA 4096, self-signed), so the
 * CLI and the script make keys one way. `replace` moves an existing pair aside first.
 */
export function createSealingKeyPair(directory: string, options: { replace?: boolean } = {}): SealingKeyPair {
  const script = path.join(packageRoot(), 'scripts', 'sealing-key.sh');
  const result = spawnSync('bash', [script, 'create', '--dir', path.resolve(directory), ...(options.replace ? ['--force'] : [])], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(`scripts/sealing-key.sh create failed: ${result.error?.message ?? result.stderr.trim()}`);
  }
  return readSealingKeyPair(directory)!;
}

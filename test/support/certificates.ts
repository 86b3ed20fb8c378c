import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run, tool } from './tools';

/** A key pair made with openssl, as scripts/sealing-key.sh and kubeseal users make them. */
export interface TestKeyPair {
  readonly certificateFile: string;
  readonly privateKeyFile: string;
  readonly certificatePem: string;
  readonly privateKey: crypto.KeyObject;
}

export function temporaryDirectory(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pipeline-ops-${prefix}-`));
}

function openssl(args: string[], cwd: string): void {
  const result = run(tool('openssl'), args, { cwd });
  if (result.status !== 0) {
    throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
  }
}

function keyPairIn(directory: string): TestKeyPair {
  const certificateFile = path.join(directory, 'tls.crt');
  const privateKeyFile = path.join(directory, 'tls.key');
  return {
    certificateFile,
    privateKeyFile,
    certificatePem: fs.readFileSync(certificateFile, 'utf8'),
    privateKey: crypto.createPrivateKey(fs.readFileSync(privateKeyFile)),
  };
}

/** A self-signed RSA certificate valid from now for `days`. */
export function rsaKeyPair(bits = 2048, days = 30): TestKeyPair {
  const directory = temporaryDirectory('rsa');
  openssl(['req', '-x509', '-nodes', '-newkey', `rsa:${bits}`, '-days', String(days), '-subj', '/CN=test-sealing-key', '-keyout', 'tls.key', '-out', 'tls.crt'], directory);
  return keyPairIn(directory);
}

/**
 * An RSA certificate that expired on 2020-02-01. openssl 3.0's `req -x509` only counts days forward, so
 * it is signed with `openssl ca -selfsign`, which takes explicit start and end dates.
 */
export function expiredKeyPair(): TestKeyPair {
  const directory = temporaryDirectory('expired');
  fs.writeFileSync(path.join(directory, 'ca.cnf'), [
    '[ ca ]', 'default_ca = ca_default',
    '[ ca_default ]', 'database = index.txt', 'new_certs_dir = .', 'serial = serial', 'default_md = sha256', 'policy = policy_any',
    '[ policy_any ]', 'commonName = supplied', '',
  ].join('\n'));
  fs.writeFileSync(path.join(directory, 'index.txt'), '');
  fs.writeFileSync(path.join(directory, 'serial'), '01\n');
  openssl(['req', '-new', '-nodes', '-newkey', 'rsa:2048', '-subj', '/CN=expired-sealing-key', '-keyout', 'tls.key', '-out', 'request.csr'], directory);
  openssl(['ca', '-batch', '-notext', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'tls.key', '-in', 'request.csr', '-out', 'tls.crt',
    '-startdate', '20200101000000Z', '-enddate', '20200201000000Z'], directory);
  return keyPairIn(directory);
}

/** A self-signed EC (P-256) certificate: valid X.509, but not a key sealed-secrets can seal with. */
export function ecKeyPair(): TestKeyPair {
  const directory = temporaryDirectory('ec');
  openssl(['req', '-x509', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-days', '30', '-subj', '/CN=ec-key', '-keyout', 'tls.key', '-out', 'tls.crt'], directory);
  return keyPairIn(directory);
}

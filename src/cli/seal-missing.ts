/**
 * `npm run secrets:seal-missing [-- --cert <pem>]`: seals a fresh random development value for every
 * credential of the default app whose committed sealed file is missing or lacks a key, with the
 * repository's certificate (secrets/repository-cert.pem, whose private key exists nowhere). This keeps a
 * fresh clone synthesizing when a stack gains a credential; the plaintext is discarded on purpose —
 * for a cluster of your own, run `npm run secrets:bootstrap` instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { createDefaultApp } from '../default-app';
import { CommittedSealedSecret } from '../secrets/committed-sealed-secret';
import { seal } from '../secrets/seal';
import { writeSealedFile } from '../secrets/sealed-file';
import { SealingCertificate } from '../secrets/sealing-certificate';
import { randomDevValues } from '../secrets/secret-requirement';
import { secretsDirectory } from '../secrets/secrets-directory';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const certFile = option('--cert', path.join('secrets', 'repository-cert.pem'));
const certificate = SealingCertificate.fromPem(fs.readFileSync(certFile), certFile);
const { app } = createDefaultApp();
let sealed = 0;
for (const secret of CommittedSealedSecret.allUnder(app)) {
  const existing = fs.existsSync(secret.file) ? parse(fs.readFileSync(secret.file, 'utf8')) : undefined;
  const missingKeys = secret.keys.filter((key) => !(key in (existing?.spec?.encryptedData ?? {})));
  if (missingKeys.length === 0) {
    continue;
  }
  const values = Object.fromEntries(secret.requirement.keys.map((spec) => [spec.key, spec.devValue(randomDevValues)]));
  const manifest = seal(certificate, values, { namespace: secret.namespace, name: secret.secretName });
  const file = writeSealedFile(secretsDirectory(app), manifest, certificate);
  console.log(`sealed ${path.relative(process.cwd(), file)} (${missingKeys.join(', ')} were missing)`);
  sealed++;
}
console.log(sealed ? `${sealed} sealed secret(s) written for ${certFile}` : 'every sealed secret is in place');

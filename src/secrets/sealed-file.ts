import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { SealedSecretManifest } from './seal';
import { SealingCertificate } from './sealing-certificate';
import { sealCommand, sealedSecretFile } from './secrets-directory';

/** The text of a committed sealed file: a header naming the certificate and how to re-seal, then the manifest. */
export function sealedFileContent(manifest: SealedSecretManifest, certificate: SealingCertificate): string {
  const { namespace, name } = manifest.metadata;
  return [
    `# Sealed secret ${namespace}/${name} — safe to commit: only the controller holding the private key can read it.`,
    `# Sealed for certificate SHA-256 ${certificate.fingerprint}.`,
    `# Re-seal: ${sealCommand(namespace, name)}`,
    stringify(manifest),
  ].join('\n');
}

/** Writes the sealed file of `manifest` under `directory` (creating `<namespace>/`), returning its path. */
export function writeSealedFile(directory: string, manifest: SealedSecretManifest, certificate: SealingCertificate): string {
  const file = sealedSecretFile(directory, manifest.metadata.namespace, manifest.metadata.name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, sealedFileContent(manifest, certificate));
  return file;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { SealOptions } from '../seal';
import { CLUSTER_WIDE_ANNOTATION, NAMESPACE_WIDE_ANNOTATION, scopeOf } from '../scope';
import { sealedSecretFile } from '../secrets-directory';

/** A committed sealed file and what re-sealing it must keep. */
export interface CommittedSealedFile {
  readonly file: string;
  readonly namespace: string;
  readonly name: string;
  /** The SHA-256 fingerprint of the certificate it was sealed for, from its header (if it has one). */
  readonly certificateFingerprint?: string;
  /** Scope, type, labels and annotations of the Secret, as sealed (re-sealing keeps them). */
  readonly options: SealOptions;
  readonly keys: readonly string[];
}

const FINGERPRINT = /^# Sealed for certificate SHA-256 ([0-9A-F:]+)\.$/m;

/** Reads a sealed file written by `npm run seal` (or kubeseal), or undefined when it does not exist. */
export function readSealedFile(file: string): CommittedSealedFile | undefined {
  if (!fs.existsSync(file)) {
    return undefined;
  }
  const text = fs.readFileSync(file, 'utf8');
  const manifest = parse(text);
  if (manifest?.kind !== 'SealedSecret' || !manifest.metadata?.name || !manifest.metadata?.namespace) {
    throw new Error(`${file} is not a SealedSecret with a name and a namespace`);
  }
  const templateMetadata = manifest.spec?.template?.metadata ?? {};
  const annotations = { ...templateMetadata.annotations };
  delete annotations[NAMESPACE_WIDE_ANNOTATION];
  delete annotations[CLUSTER_WIDE_ANNOTATION];
  return {
    file,
    namespace: manifest.metadata.namespace,
    name: manifest.metadata.name,
    certificateFingerprint: FINGERPRINT.exec(text)?.[1],
    keys: Object.keys(manifest.spec?.encryptedData ?? {}),
    options: {
      namespace: manifest.metadata.namespace,
      name: manifest.metadata.name,
      scope: scopeOf(manifest.metadata.annotations),
      type: manifest.spec?.template?.type,
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ...(templateMetadata.labels ? { labels: templateMetadata.labels } : {}),
    },
  };
}

/** The sealed file of `namespace/name` under `directory`, if committed. */
export function committedSealedFile(directory: string, namespace: string, name: string): CommittedSealedFile | undefined {
  return readSealedFile(sealedSecretFile(directory, namespace, name));
}

/** Every `<namespace>/<name>.sealed.yaml` under `directory`, sorted. */
export function listSealedFiles(directory: string): CommittedSealedFile[] {
  if (!fs.existsSync(directory)) {
    return [];
  }
  return fs.readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => fs.readdirSync(path.join(directory, entry.name))
      .filter((file) => file.endsWith('.sealed.yaml'))
      .map((file) => {
        const sealed = readSealedFile(path.join(directory, entry.name, file))!;
        if (sealed.namespace !== entry.name || `${sealed.name}.sealed.yaml` !== file) {
          throw new Error(`${sealed.file} holds ${sealed.namespace}/${sealed.name}; move it to ${sealedSecretFile(directory, sealed.namespace, sealed.name)}`);
        }
        return sealed;
      }))
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

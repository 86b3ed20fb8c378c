import { seal, SealedSecretManifest } from '../seal';
import { writeSealedFile } from '../sealed-file';
import { SealedSecretRef } from '../sealed-secret-ref';
import { SealingCertificate } from '../sealing-certificate';
import { SealingScope } from '../scope';
import { PlaintextStore } from './plaintext-store';
import { committedSealedFile } from './sealed-files';

/** A Secret to (re-)seal from its plaintext. */
export interface ResealTarget {
  readonly namespace: string;
  readonly name: string;
  /** Keys that must be in the plaintext (what the stack reads). @default none beyond what is there */
  readonly requiredKeys?: readonly string[];
}

/** The target that re-seals the Secret behind `ref` with every key the stack reads. */
export function resealTargetOf(ref: SealedSecretRef): ResealTarget {
  return { namespace: ref.namespace, name: ref.secretName, requiredKeys: ref.keys };
}

/** One sealed file written. */
export interface ResealResult {
  readonly namespace: string;
  readonly name: string;
  readonly file: string;
  readonly keys: readonly string[];
  readonly scope: SealingScope;
  /** Fingerprint of the certificate the file was sealed for before, if it existed. */
  readonly previousFingerprint?: string;
}

export interface ResealProps {
  readonly certificate: SealingCertificate;
  readonly plaintext: PlaintextStore;
  /** The folder of committed sealed files (`secrets/`). */
  readonly secretsDirectory: string;
  readonly targets: readonly ResealTarget[];
}

/**
 * Seals every target from its plaintext into `secrets/<namespace>/<name>.sealed.yaml`, keeping the
 * scope, type, labels and annotations of the file it replaces. All or nothing: every target is read
 * and sealed in memory first, and nothing is written when one of them has a problem — a half
 * re-sealed folder would hold files for two different clusters.
 */
export function resealAll(props: ResealProps): ResealResult[] {
  const problems: string[] = [];
  const sealed: Array<{ manifest: SealedSecretManifest; result: Omit<ResealResult, 'file'> }> = [];
  for (const target of props.targets) {
    const where = `${target.namespace}/${target.name}`;
    try {
      const values = props.plaintext.read(target.namespace, target.name);
      if (!values) {
        problems.push(`${where}: no plaintext (${props.plaintext.envFile(target.namespace, target.name)} or ${props.plaintext.filesDirectory(target.namespace, target.name)}/)`);
        continue;
      }
      const missing = (target.requiredKeys ?? []).filter((key) => !(key in values));
      if (missing.length) {
        problems.push(`${where}: the plaintext lacks ${missing.join(', ')}`);
        continue;
      }
      const previous = committedSealedFile(props.secretsDirectory, target.namespace, target.name);
      const options = previous?.options ?? { namespace: target.namespace, name: target.name };
      const manifest = seal(props.certificate, values, options);
      sealed.push({
        manifest,
        result: { namespace: target.namespace, name: target.name, keys: Object.keys(manifest.spec.encryptedData), scope: options.scope ?? SealingScope.STRICT, previousFingerprint: previous?.certificateFingerprint },
      });
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  }
  if (problems.length) {
    throw new Error(`nothing was sealed, because:\n  ${problems.join('\n  ')}`);
  }
  return sealed.map(({ manifest, result }) => ({ ...result, file: writeSealedFile(props.secretsDirectory, manifest, props.certificate) }));
}

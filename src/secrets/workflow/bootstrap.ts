import { IConstruct } from 'constructs';
import { CommittedSealedSecret } from '../committed-sealed-secret';
import { DevValueSource, randomDevValues } from '../secret-requirement';
import { PlaintextStore } from './plaintext-store';
import { resealAll, ResealResult, resealTargetOf } from './reseal';
import { committedSealedFile } from './sealed-files';
import { createSealingKeyPair, readSealingKeyPair, SealingKeyPair } from './sealing-key-pair';

export interface BootstrapProps {
  /** The app whose committed sealed secrets get development values (the default platform's). */
  readonly app: IConstruct;
  /** The git-ignored plaintext folder (`.secrets/`). */
  readonly plaintext: PlaintextStore;
  /** The committed sealed files (`secrets/`). */
  readonly secretsDirectory: string;
  /** Where the sealing key pair lives (`.secrets/sealing-key/`). */
  readonly keyDirectory: string;
  /** Replace an existing key pair (it is kept aside) instead of reusing it. @default false */
  readonly newKey?: boolean;
  /** Random material for the development values. @default crypto-random */
  readonly random?: DevValueSource;
}

export interface BootstrapResult {
  readonly keyPair: SealingKeyPair;
  readonly keyCreated: boolean;
  /** `namespace/name: key` of every value generated now (values already in the plaintext folder are kept). */
  readonly generated: string[];
  readonly sealed: ResealResult[];
}

/**
 * Gives a user a cluster of their own: a sealing key pair (created unless one exists), a development
 * value for every key of every committed sealed secret that has none in the plaintext folder yet
 * (existing values, e.g. real ones written by hand, are kept), and every secret that got a new value
 * or is sealed for another certificate re-sealed for the pair (so a second run changes nothing; after
 * editing values, `npm run seal:all` re-seals them). Values go only to the plaintext folder.
 */
export function bootstrapSecrets(props: BootstrapProps): BootstrapResult {
  const existing = props.newKey ? undefined : readSealingKeyPair(props.keyDirectory);
  const keyPair = existing ?? createSealingKeyPair(props.keyDirectory, { replace: props.newKey });
  const random = props.random ?? randomDevValues;
  const generated: string[] = [];
  const secrets = CommittedSealedSecret.allUnder(props.app);
  const toSeal = secrets.filter((secret) => {
    const sealed = committedSealedFile(props.secretsDirectory, secret.namespace, secret.secretName);
    return sealed?.certificateFingerprint !== keyPair.certificate.fingerprint || secret.keys.some((key) => !sealed.keys.includes(key));
  });
  for (const secret of secrets) {
    const { namespace, name, keys } = secret.requirement;
    const values = { ...props.plaintext.read(namespace, name) };
    const missing = keys.filter((spec) => !(spec.key in values));
    if (missing.length === 0) {
      continue;
    }
    if (!toSeal.includes(secret)) {
      toSeal.push(secret);
    }
    for (const spec of missing) {
      values[spec.key] = spec.devValue(random);
      generated.push(`${namespace}/${name}: ${spec.key}`);
    }
    props.plaintext.write(namespace, name, values, [
      `${secret.requirement.description} (${namespace}/${name}).`,
      'Development values from npm run secrets:bootstrap; replace any with real ones and run npm run seal:all.',
      ...keys.map((spec) => `${spec.key}: ${spec.description}`),
    ]);
  }
  const sealed = resealAll({
    certificate: keyPair.certificate,
    plaintext: props.plaintext,
    secretsDirectory: props.secretsDirectory,
    targets: toSeal.map(resealTargetOf),
  });
  return { keyPair, keyCreated: existing === undefined, generated, sealed };
}

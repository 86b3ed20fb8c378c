import * as fs from 'node:fs';
import * as path from 'node:path';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { SealedSecret as SealedSecretObject } from '../../imports/bitnami.com';
import { PlatformConfigError } from '../foundation/errors';
import { ComponentIdentity, recommendedLabels } from '../foundation/labels';
import { validateObjectName } from '../foundation/names';
import { SealedSecretRef } from './sealed-secret-ref';
import { SecretRequirement } from './secret-requirement';
import { plaintextEnvFile, sealCommand, sealedSecretFile, secretsDirectory } from './secrets-directory';

export interface CommittedSealedSecretProps {
  /** The Secret's name (and the sealed file's: `secrets/<namespace>/<name>.sealed.yaml`). */
  readonly name: string;
  readonly identity: ComponentIdentity;
  /** What the credential is for. */
  readonly description: string;
  /** The keys the stack reads; each must be in the sealed file. */
  readonly keys: SecretRequirement['keys'];
}

/**
 * A credential committed as a SealedSecret file, emitted into the chart as is (plus the recommended
 * labels, which are not part of the encryption). Synth fails with the exact `npm run seal` command
 * when the file is missing, belongs to another namespace or name, or lacks a key the stack reads.
 */
export class CommittedSealedSecret extends Construct implements SealedSecretRef {
  /** Every committed sealed secret under `root`, for `secrets:bootstrap` and `seal:all`. */
  static allUnder(root: Construct): CommittedSealedSecret[] {
    return root.node.findAll().filter((c): c is CommittedSealedSecret => c instanceof CommittedSealedSecret);
  }

  readonly secretName: string;
  readonly namespace: string;
  readonly keys: readonly string[];
  readonly requirement: SecretRequirement;
  /** The sealed file this secret is read from. */
  readonly file: string;
  /** The emitted SealedSecret; undefined when the file is missing (synth then fails with the seal command). */
  readonly apiObject?: SealedSecretObject;

  constructor(scope: Construct, id: string, props: CommittedSealedSecretProps) {
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    if (!namespace) {
      throw new PlatformConfigError(this.node.path, props.name, 'is a sealed secret in a chart without a namespace', 'place it in a NamespaceChart');
    }
    this.secretName = validateObjectName(this, props.name, 'secret name');
    this.namespace = namespace;
    this.keys = props.keys.map((k) => k.key);
    this.requirement = { namespace, name: props.name, description: props.description, keys: props.keys };
    this.file = sealedSecretFile(secretsDirectory(this), namespace, props.name);

    const problem = this.checkFile();
    if (problem) {
      // Reported at synth (not here), so tools like secrets:bootstrap can still build the app to list what is missing.
      this.node.addValidation({ validate: () => [problem] });
      return;
    }
    const sealed = parse(fs.readFileSync(this.file, 'utf8'));
    const labels = recommendedLabels(props.identity);
    this.apiObject = new SealedSecretObject(this, 'Resource', {
      metadata: { ...sealed.metadata, labels: { ...sealed.metadata.labels, ...labels } },
      spec: {
        ...sealed.spec,
        template: { ...sealed.spec.template, metadata: { ...sealed.spec.template?.metadata, labels: { ...sealed.spec.template?.metadata?.labels, ...labels } } },
      },
    });
  }

  /** Whether the sealed file exists and holds what the stack needs; the message to show otherwise. */
  private checkFile(): string | undefined {
    const relative = path.relative(process.cwd(), this.file);
    const keys = this.keys.join(', ');
    const reseal = `write ${keys} into ${plaintextEnvFile(this.namespace, this.secretName)} and run: ${sealCommand(this.namespace, this.secretName)}`;
    if (!fs.existsSync(this.file)) {
      return `sealed secret ${this.namespace}/${this.secretName} (${this.requirement.description}) is missing: no ${relative}; ${reseal}`;
    }
    const sealed = parse(fs.readFileSync(this.file, 'utf8'));
    if (sealed?.kind !== 'SealedSecret' || sealed?.apiVersion !== 'bitnami.com/v1alpha1') {
      return `${relative} is not a bitnami.com/v1alpha1 SealedSecret; ${reseal}`;
    }
    if (sealed.metadata?.name !== this.secretName || sealed.metadata?.namespace !== this.namespace) {
      return `${relative} is sealed for ${sealed.metadata?.namespace}/${sealed.metadata?.name}, not ${this.namespace}/${this.secretName}; ${reseal}`;
    }
    const missing = this.keys.filter((key) => !(key in (sealed.spec?.encryptedData ?? {})));
    if (missing.length) {
      return `${relative} lacks the keys ${missing.join(', ')} that the stack reads; ${reseal}`;
    }
    return undefined;
  }
}

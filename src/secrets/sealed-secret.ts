import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { SealedSecret as SealedSecretObject } from '../../imports/bitnami.com';
import { PlatformConfigError, requireThat } from '../foundation/errors';
import { ComponentIdentity, recommendedLabels } from '../foundation/labels';
import { validateObjectName } from '../foundation/names';
import { SealedSecretRef } from './sealed-secret-ref';
import { seal } from './seal';
import { SealingCertificate } from './sealing-certificate';
import { SealingScope } from './scope';

export interface SealedSecretProps {
  /** The name of the SealedSecret and of the Secret the controller unseals it into. */
  readonly name: string;
  readonly identity: ComponentIdentity;
  /** The controller's certificate (`SealingCertificate.fromPem(fs.readFileSync('cert.pem'))`). */
  readonly certificate: SealingCertificate;
  /**
   * The values to seal, by Secret key. They are encrypted when the construct is created and exist in
   * the output only as ciphertext; read them from the environment or a git-ignored file, never from
   * source code.
   */
  readonly values: Record<string, string | Buffer>;
  /**
   * Which names the values may be unsealed under.
   * @default SealingScope.STRICT (only this namespace and name)
   */
  readonly scope?: SealingScope;
  /**
   * The type of the Secret the controller creates.
   * @default 'Opaque'
   */
  readonly type?: string;
  /** Annotations of the Secret the controller creates (the scope annotation is added for you). */
  readonly secretAnnotations?: Record<string, string>;
}

/**
 * A SealedSecret sealed at synth from values the app is given, for teams that seal in their own
 * pipeline instead of committing sealed files (see {@link CommittedSealedSecret} for those). The
 * object is the one `kubeseal --cert` writes: each value encrypted on its own for this namespace and
 * name (or the scope's wider label), and top-level metadata and `spec.template.metadata` agreeing on
 * name, namespace, labels and scope annotations, since the controller decrypts by the top-level ones.
 */
export class SealedSecret extends Construct implements SealedSecretRef {
  readonly secretName: string;
  readonly namespace: string;
  readonly keys: readonly string[];
  readonly scope: SealingScope;
  readonly apiObject: SealedSecretObject;

  constructor(scope: Construct, id: string, props: SealedSecretProps) {
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    requireThat(this, namespace !== undefined, namespace, 'is the namespace of the chart holding this sealed secret (the namespace is part of the encryption)', 'place it in a NamespaceChart');
    this.secretName = validateObjectName(this, props.name, 'secret name');
    this.namespace = namespace!;
    this.scope = props.scope ?? SealingScope.STRICT;
    this.keys = Object.keys(props.values).sort();

    let manifest;
    try {
      manifest = seal(props.certificate, props.values, {
        namespace: this.namespace,
        name: this.secretName,
        scope: this.scope,
        labels: recommendedLabels(props.identity),
        annotations: props.secretAnnotations,
        type: props.type,
      });
    } catch (error) {
      throw new PlatformConfigError(this.node.path, props.name, `cannot be sealed: ${(error as Error).message}`, 'fix the values or the certificate');
    }
    this.apiObject = new SealedSecretObject(this, 'Resource', { metadata: manifest.metadata, spec: manifest.spec });
  }
}

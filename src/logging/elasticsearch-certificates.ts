import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ContainerImage } from '../config/images';
import { buildContainer } from '../foundation/containers';
import { ComponentIdentity, recommendedLabels } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';
import { buildPodTemplate, emptyDirVolume, PodUser } from '../foundation/pods';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { ComputeResources } from '../foundation/resources';
import { createJob } from '../foundation/workloads';
import { checkovSkips } from '../policy/checkov-skips';
import { loggingScript } from './api-setup-script';

/** Keys of the TLS secret (the kubernetes.io/tls layout plus the CA). */
export const ELASTICSEARCH_TLS_KEYS = { ca: 'ca.crt', certificate: 'tls.crt', privateKey: 'tls.key' } as const;

/** How a client of Elasticsearch gets the CA to verify it with: the file, and the volume and mount that put it there. */
export interface ElasticsearchCaFile {
  /** Path of the CA certificate inside the client's container. */
  readonly path: string;
  readonly volume: kplus.k8s.Volume;
  readonly volumeMount: kplus.k8s.VolumeMount;
}

/**
 * The CA certificate of the TLS secret, alone, mounted read-only in `directory` of a client: clients
 * never see the server's key. World-readable, since a certificate is public.
 */
export function elasticsearchCaFile(tlsSecretName: string, directory: string): ElasticsearchCaFile {
  const volumeName = 'elasticsearch-tls';
  const ca = ELASTICSEARCH_TLS_KEYS.ca;
  return {
    path: `${directory}/${ca}`,
    volume: { name: volumeName, secret: { secretName: tlsSecretName, defaultMode: 0o444, items: [{ key: ca, path: ca }] } },
    volumeMount: { name: volumeName, mountPath: directory, readOnly: true },
  };
}

export interface ElasticsearchCertificatesProps {
  /** The Secret the Job creates. */
  readonly secretName: string;
  /** Names the certificate is valid for (the Service's short and fully qualified names, localhost). */
  readonly dnsNames: readonly string[];
  readonly validityDays: number;
  readonly image: ContainerImage;
  readonly user: PodUser;
  readonly resources: ComputeResources;
  readonly heapMebibytes: number;
}

/**
 * Elasticsearch's HTTPS certificate, made once inside the cluster: a Job runs elasticsearch-certutil
 * (in the Elasticsearch image) and stores the CA certificate, the server certificate and its key in a
 * Secret through the API. No key is ever committed or synthesized; clients mount only `ca.crt` and
 * verify the server's name. Pods that mount the Secret wait in ContainerCreating until it exists.
 */
export class ElasticsearchCertificates extends Construct {
  static readonly IDENTITY: ComponentIdentity = { name: 'elasticsearch', component: 'certificates' };

  readonly secretName: string;
  readonly job: kplus.k8s.KubeJob;

  constructor(scope: Construct, id: string, props: ElasticsearchCertificatesProps) {
    super(scope, id);
    this.secretName = props.secretName;
    const identity = ElasticsearchCertificates.IDENTITY;
    const name = 'elasticsearch-certificates';

    const script = new kplus.k8s.KubeConfigMap(this, 'Script', {
      metadata: objectMeta(this, name, identity),
      data: { 'create-certificates.sh': loggingScript('create-elasticsearch-certificates.sh') },
    });
    const account = new WorkloadServiceAccount(this, 'ServiceAccount', { name, identity });
    account.grantInNamespace('Grant', {
      roleName: name,
      identity,
      rules: [
        // RBAC cannot restrict `create` by name; reading is limited to this one Secret.
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [props.secretName] },
      ],
    });

    const container = buildContainer(this, {
      name: 'certutil',
      image: props.image,
      command: ['bash', '/scripts/create-certificates.sh'],
      env: [
        { name: 'TLS_SECRET', value: props.secretName },
        { name: 'DNS_NAMES', value: props.dnsNames.join(',') },
        { name: 'VALIDITY_DAYS', value: String(props.validityDays) },
        { name: 'SECRET_LABELS_JSON', value: JSON.stringify(recommendedLabels({ name: 'elasticsearch', component: 'tls' })) },
        { name: 'CLI_JAVA_OPTS', value: `-Xms${Math.min(64, props.heapMebibytes)}m -Xmx${props.heapMebibytes}m` },
      ],
      resources: props.resources,
      volumeMounts: [
        { name: 'scripts', mountPath: '/scripts', readOnly: true },
        // Keys are written to memory only and removed when the script exits.
        { name: 'tmp', mountPath: '/tmp' },
      ],
    });
    this.job = createJob(this, 'Job', {
      name,
      identity,
      annotations: checkovSkips({ CKV_K8S_38: 'stores the generated certificate as the Secret elasticsearch-tls through the Kubernetes API (a Role that may create Secrets and read that one)' }),
      backoffLimit: 4,
      template: buildPodTemplate({
        identity,
        serviceAccountName: account.name,
        automountServiceAccountToken: true,
        user: props.user,
        restartPolicy: 'Never',
        containers: [container],
        volumes: [
          { name: 'scripts', configMap: { name: script.name } },
          emptyDirVolume('tmp', 16, 'Memory'),
        ],
      }),
    });
  }
}

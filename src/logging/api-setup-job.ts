import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ContainerImage } from '../config/images';
import { buildContainer } from '../foundation/containers';
import { ComponentIdentity } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';
import { buildPodTemplate, emptyDirVolume, PodUser } from '../foundation/pods';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { ComputeResources } from '../foundation/resources';
import { createJob } from '../foundation/workloads';
import { SealedSecretRef, secretVolume } from '../secrets/sealed-secret-ref';
import { ApiSetupPlan, credentialKeysOf, renderSetupFiles, SETUP_SCRIPT_ENV, SETUP_SCRIPT_FILE } from './api-setup-script';
import { elasticsearchCaFile } from './elasticsearch-certificates';

export interface ApiSetupJobProps {
  /** Name of the Job, its ConfigMap and its ServiceAccount. */
  readonly name: string;
  readonly identity: ComponentIdentity;
  readonly plan: ApiSetupPlan;
  /** The secret holding the admin password and every credential the plan's bodies refer to. */
  readonly credentials: SealedSecretRef;
  readonly adminPasswordKey: string;
  /** Base URL of Elasticsearch (https, the Service's name). */
  readonly elasticsearchUrl: string;
  /** Base URL of Kibana, for plans that talk to it. */
  readonly kibanaUrl?: string;
  /** The secret with the CA that signed Elasticsearch's certificate. */
  readonly tlsSecretName: string;
  readonly image: ContainerImage;
  readonly user: PodUser;
  readonly resources: ComputeResources;
}

const SETUP_DIR = '/etc/setup';
const CREDENTIALS_DIR = '/etc/credentials';
const TLS_DIR = '/etc/elasticsearch-tls';

/**
 * A Job that applies an {@link ApiSetupPlan}: its script and request bodies sit in a ConfigMap, the
 * credentials it needs (only those) are mounted as files, and it trusts Elasticsearch's CA. Safe to
 * re-run: every request creates or overwrites.
 */
export class ApiSetupJob extends Construct {
  readonly job: kplus.k8s.KubeJob;
  readonly configMap: kplus.k8s.KubeConfigMap;
  /** The rendered ConfigMap data (script and bodies), as tests and reviewers read it. */
  readonly files: Record<string, string>;

  constructor(scope: Construct, id: string, props: ApiSetupJobProps) {
    super(scope, id);
    this.files = renderSetupFiles(props.plan, props.adminPasswordKey);
    this.configMap = new kplus.k8s.KubeConfigMap(this, 'Files', {
      metadata: objectMeta(this, props.name, props.identity),
      data: this.files,
    });
    // The Job calls no Kubernetes API: an account of its own, without a token.
    const account = new WorkloadServiceAccount(this, 'ServiceAccount', { name: props.name, identity: props.identity });
    const ca = elasticsearchCaFile(props.tlsSecretName, TLS_DIR);
    const keys = credentialKeysOf(props.plan, props.adminPasswordKey);
    const container = buildContainer(this, {
      name: 'setup',
      image: props.image,
      command: ['bash', `${SETUP_DIR}/${SETUP_SCRIPT_FILE}`],
      env: [
        { name: SETUP_SCRIPT_ENV.elasticsearchUrl, value: props.elasticsearchUrl },
        ...(props.kibanaUrl ? [{ name: SETUP_SCRIPT_ENV.kibanaUrl, value: props.kibanaUrl }] : []),
        { name: SETUP_SCRIPT_ENV.setupDir, value: SETUP_DIR },
        { name: SETUP_SCRIPT_ENV.credentialsDir, value: CREDENTIALS_DIR },
        { name: SETUP_SCRIPT_ENV.caFile, value: ca.path },
        { name: SETUP_SCRIPT_ENV.waitAttempts, value: '60' },
        { name: SETUP_SCRIPT_ENV.waitSeconds, value: '10' },
      ],
      resources: props.resources,
      volumeMounts: [
        { name: 'setup', mountPath: SETUP_DIR, readOnly: true },
        { name: 'credentials', mountPath: CREDENTIALS_DIR, readOnly: true },
        ca.volumeMount,
        // The auth header and rendered bodies hold passwords: memory only, gone with the pod.
        { name: 'tmp', mountPath: '/tmp' },
      ],
    });
    this.job = createJob(this, 'Job', {
      name: props.name,
      identity: props.identity,
      backoffLimit: 4,
      activeDeadlineSeconds: 3600,
      template: buildPodTemplate({
        identity: props.identity,
        serviceAccountName: account.name,
        automountServiceAccountToken: false,
        user: props.user,
        restartPolicy: 'Never',
        containers: [container],
        volumes: [
          { name: 'setup', configMap: { name: this.configMap.name } },
          secretVolume(props.credentials, 'credentials', keys),
          ca.volume,
          emptyDirVolume('tmp', 16, 'Memory'),
        ],
      }),
    });
  }
}

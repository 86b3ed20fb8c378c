import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ContainerImage } from '../config/images';
import { buildContainer } from '../foundation/containers';
import { requireThat } from '../foundation/errors';
import { ComponentIdentity } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';
import { buildPodTemplate, emptyDirVolume } from '../foundation/pods';
import { httpProbe, tcpProbe } from '../foundation/probes';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { ComputeResources, mebibytesOf } from '../foundation/resources';
import { createDeployment, createService } from '../foundation/workloads';
import { SealedSecretRef, secretVolume } from '../secrets/sealed-secret-ref';
import { shellQuote } from './api-setup-script';
import { checksum } from './checksum';
import { elasticsearchCaFile } from './elasticsearch-certificates';
import { KIBANA_KEY_NAMES } from './elasticsearch-users';

/** Kibana's HTTP port. */
export const KIBANA_PORT = 5601;

const HOME = '/usr/share/kibana';
const TLS_DIR = '/etc/kibana/elasticsearch-tls';
const CREDENTIALS_DIR = '/etc/kibana/credentials';
const KEYS_DIR = '/etc/kibana/encryption-keys';

/** The image's start script (kibana-docker), after exporting each variable from its secret file. */
export function kibanaStartScript(secretFiles: Record<string, string>): string {
  const exports = Object.entries(secretFiles).map(([variable, file]) => `${variable}=$(cat ${shellQuote(file)}); export ${variable}`);
  return ['set -eu', ...exports, 'exec /usr/local/bin/kibana-docker'].join('\n');
}

export interface KibanaProps {
  readonly image: ContainerImage;
  readonly resources: ComputeResources;
  /** V8 heap cap (NODE_OPTIONS --max-old-space-size). */
  readonly heapMebibytes: number;
  /** Elasticsearch's base URL (https, the Service's name). */
  readonly elasticsearchUrl: string;
  readonly tlsSecretName: string;
  readonly credentials: SealedSecretRef;
  readonly kibanaSystemPasswordKey: string;
  readonly encryptionKeys: SealedSecretRef;
  readonly nodePort: number;
  /** The URL users open (the Kind host port mapping), without a trailing slash. */
  readonly publicBaseUrl: string;
}

/**
 * Kibana 8 in front of the logging Elasticsearch: connects as kibana_system over TLS verified against
 * the stack's CA (full verification; Elasticsearch accepts TLS 1.2 and 1.3 only), logs JSON, keeps stable encryption keys, and is
 * reached from the developer's machine through a NodePort that Kind maps to localhost.
 */
export class Kibana extends Construct {
  static readonly IDENTITY: ComponentIdentity = { name: 'kibana', component: 'ui' };

  readonly service: kplus.k8s.KubeService;
  readonly deployment: kplus.k8s.KubeDeployment;
  readonly configMap: kplus.k8s.KubeConfigMap;
  /** The settings written to kibana.yml. */
  readonly settings: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: KibanaProps) {
    super(scope, id);
    const identity = Kibana.IDENTITY;
    const name = 'kibana';
    const limit = mebibytesOf(props.resources.memory.limit);
    requireThat(this, props.heapMebibytes > 0 && props.heapMebibytes <= limit * 0.75, `${props.heapMebibytes}Mi heap with a ${limit}Mi memory limit`,
      "leaves less than a quarter of Kibana's memory limit outside the V8 heap (the process would be OOM-killed before it collects garbage)",
      `lower the heap to at most ${Math.floor(limit * 0.75)}Mi or raise the memory limit`);
    requireThat(this, /^https?:\/\/[^\s/]+(\/[^\s]*[^\s/])?$/.test(props.publicBaseUrl), props.publicBaseUrl,
      'is not a valid server.publicBaseUrl (an http(s) URL without a trailing slash)', 'use e.g. "http://localhost:5601"');

    const ca = elasticsearchCaFile(props.tlsSecretName, TLS_DIR);
    this.settings = {
      'server.name': name,
      'server.host': '0.0.0.0',
      'server.port': KIBANA_PORT,
      'server.publicBaseUrl': props.publicBaseUrl,
      'elasticsearch.hosts': [props.elasticsearchUrl],
      // Kibana 8 refuses the elastic superuser; kibana_system's password is set by the elasticsearch-setup Job.
      'elasticsearch.username': 'kibana_system',
      'elasticsearch.password': '${KIBANA_SYSTEM_PASSWORD}',
      'elasticsearch.ssl.certificateAuthorities': [ca.path],
      'elasticsearch.ssl.verificationMode': 'full',
      'xpack.security.encryptionKey': '${KIBANA_SECURITY_ENCRYPTION_KEY}',
      'xpack.encryptedSavedObjects.encryptionKey': '${KIBANA_SAVED_OBJECTS_ENCRYPTION_KEY}',
      'xpack.reporting.encryptionKey': '${KIBANA_REPORTING_ENCRYPTION_KEY}',
      'telemetry.optIn': false,
      // With security on, /api/status answers 401 to anonymous callers; the kubelet's probes (and
      // scripts/verify.sh) are anonymous, and an anonymous caller only sees the overall status level.
      'status.allowAnonymous': true,
      'path.data': `${HOME}/data`,
      // JSON lines on stdout, so Fluentd turns them into fields.
      logging: {
        appenders: { 'json-layout': { type: 'console', layout: { type: 'json' } } },
        root: { appenders: ['json-layout'], level: 'info' },
      },
    };
    this.configMap = new kplus.k8s.KubeConfigMap(this, 'Config', {
      metadata: objectMeta(this, `${name}-config`, identity),
      data: { 'kibana.yml': `# Generated by cdk8s-pipeline-ops (src/logging/kibana.ts). \${VAR} is read from the environment.\n${stringify(this.settings)}` },
    });

    this.service = createService(this, 'Service', {
      name,
      identity,
      type: 'NodePort',
      ports: [{ name: 'http', port: KIBANA_PORT, nodePort: props.nodePort }],
    });
    const account = new WorkloadServiceAccount(this, 'ServiceAccount', { name, identity });

    const secretFiles: Record<string, string> = {
      KIBANA_SYSTEM_PASSWORD: `${CREDENTIALS_DIR}/${props.kibanaSystemPasswordKey}`,
      KIBANA_SECURITY_ENCRYPTION_KEY: `${KEYS_DIR}/${KIBANA_KEY_NAMES.security}`,
      KIBANA_SAVED_OBJECTS_ENCRYPTION_KEY: `${KEYS_DIR}/${KIBANA_KEY_NAMES.savedObjects}`,
      KIBANA_REPORTING_ENCRYPTION_KEY: `${KEYS_DIR}/${KIBANA_KEY_NAMES.reporting}`,
    };
    const container = buildContainer(this, {
      name,
      image: props.image,
      // Secrets stay files: the wrapper reads them into the variables kibana.yml refers to, then runs the image's start script.
      command: ['/bin/tini', '--', 'bash', '-c', kibanaStartScript(secretFiles)],
      env: [{ name: 'NODE_OPTIONS', value: `--max-old-space-size=${props.heapMebibytes}` }],
      ports: [{ name: 'http', port: KIBANA_PORT }],
      resources: props.resources,
      probes: {
        // Start-up optimisation and saved-object migrations take minutes on one CPU.
        startup: tcpProbe('http', { periodSeconds: 10, failureThreshold: 36 }),
        // 200 once Kibana and its Elasticsearch connection are available (public, redacted answer).
        readiness: httpProbe('/api/status', 'http', { periodSeconds: 15, timeoutSeconds: 5 }),
        // Restart only a hung process, not a Kibana waiting for Elasticsearch.
        liveness: tcpProbe('http', { periodSeconds: 20, failureThreshold: 6 }),
      },
      volumeMounts: [
        { name: 'config', mountPath: `${HOME}/config/kibana.yml`, subPath: 'kibana.yml', readOnly: true },
        ca.volumeMount,
        { name: 'credentials', mountPath: CREDENTIALS_DIR, readOnly: true },
        { name: 'encryption-keys', mountPath: KEYS_DIR, readOnly: true },
        { name: 'data', mountPath: `${HOME}/data` },
        { name: 'plugins', mountPath: `${HOME}/plugins` },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    });
    this.deployment = createDeployment(this, 'Deployment', {
      name,
      identity,
      // One Kibana at a time: two versions must not migrate saved objects together, and two do not fit the budget.
      strategy: 'Recreate',
      template: buildPodTemplate({
        identity,
        serviceAccountName: account.name,
        automountServiceAccountToken: false,
        user: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
        annotations: { 'pipeline-ops/config-checksum': checksum(this.configMap.toJson().data) },
        containers: [container],
        volumes: [
          { name: 'config', configMap: { name: this.configMap.name } },
          ca.volume,
          secretVolume(props.credentials, 'credentials', [props.kibanaSystemPasswordKey]),
          secretVolume(props.encryptionKeys, 'encryption-keys', Object.values(KIBANA_KEY_NAMES)),
          emptyDirVolume('data', 256),
          emptyDirVolume('plugins', 16),
          emptyDirVolume('tmp', 256),
        ],
      }),
    });
  }
}

import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ContainerImage } from '../config/images';
import { buildContainer } from '../foundation/containers';
import { requireThat } from '../foundation/errors';
import { ComponentIdentity } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';
import { volumeClaimTemplate } from '../foundation/persistent-volumes';
import { buildPodTemplate, emptyDirVolume, PodUser } from '../foundation/pods';
import { execProbe, tcpProbe } from '../foundation/probes';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { compute, ComputeResources, mebibytesOf } from '../foundation/resources';
import { createService, createStatefulSet } from '../foundation/workloads';
import { SealedSecretRef, secretVolume } from '../secrets/sealed-secret-ref';
import { loggingScript } from './api-setup-script';
import { checksum } from './checksum';
import { ELASTICSEARCH_TLS_KEYS } from './elasticsearch-certificates';

/** Elasticsearch's HTTP port (the only one exposed; the transport layer stays on loopback). */
export const ELASTICSEARCH_HTTP_PORT = 9200;

/** The image's home, config and data paths and its user (uid/gid 1000). */
const HOME = '/usr/share/elasticsearch';
export const ELASTICSEARCH_USER: PodUser = { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 };

export interface ElasticsearchProps {
  readonly image: ContainerImage;
  readonly resources: ComputeResources;
  /** JVM heap (-Xms = -Xmx); at most half the memory limit, the rest is Lucene's and the JVM's off-heap. */
  readonly heap: Size;
  readonly storage: Size;
  readonly storageClassName: string;
  /** The secret with the elastic user's password, and its key. */
  readonly credentials: SealedSecretRef;
  readonly elasticPasswordKey: string;
  /** The secret with the HTTPS certificate (made in the cluster by {@link ElasticsearchCertificates}). */
  readonly tlsSecretName: string;
  /** Disk watermarks as fractions of the data volume used. */
  readonly diskWatermarks: { readonly low: number; readonly high: number; readonly floodStage: number };
}

/**
 * A single Elasticsearch 8 node: security on (the elastic password is the bootstrap password from the
 * sealed secret), HTTPS on 9200 with the in-cluster certificate, transport on loopback only, no mmap
 * (so no vm.max_map_count sysctl and no privileged init container), JSON (ECS) logs on stdout, its data
 * on a retained volume. Runs as the image's uid 1000 with a read-only root filesystem: an init
 * container copies the image's config directory into a writable emptyDir (the entrypoint writes the
 * keystore there) and puts the project's elasticsearch.yml over it.
 */
export class Elasticsearch extends Construct {
  static readonly IDENTITY: ComponentIdentity = { name: 'elasticsearch', component: 'server' };

  readonly service: kplus.k8s.KubeService;
  readonly statefulSet: kplus.k8s.KubeStatefulSet;
  readonly configMap: kplus.k8s.KubeConfigMap;
  /** The settings written to elasticsearch.yml. */
  readonly settings: Record<string, unknown>;
  /** The JVM options that size the heap. */
  readonly javaOptions: string;
  /** The names the HTTPS certificate must be valid for. */
  readonly dnsNames: string[];

  constructor(scope: Construct, id: string, props: ElasticsearchProps) {
    super(scope, id);
    const identity = Elasticsearch.IDENTITY;
    const name = 'elasticsearch';
    const namespace = Chart.of(this).namespace;
    requireThat(this, namespace !== undefined, namespace, 'is the namespace of the chart holding Elasticsearch', 'place the stack in a NamespaceChart');

    const heap = mebibytesOf(props.heap);
    const limit = mebibytesOf(props.resources.memory.limit);
    requireThat(this, heap > 0 && heap * 2 <= limit, `${heap}Mi heap with a ${limit}Mi memory limit`,
      'leaves less than half of the memory limit outside the JVM heap (Lucene, direct buffers and the JVM itself live there; the pod would be OOM-killed)',
      `lower the heap to at most ${Math.floor(limit / 2)}Mi or raise the memory limit to at least ${heap * 2}Mi`);
    const { low, high, floodStage } = props.diskWatermarks;
    requireThat(this, low > 0 && low < high && high < floodStage && floodStage < 1, `${low} / ${high} / ${floodStage}`,
      'are not disk watermarks in increasing order below 1 (low < high < flood stage)', 'use fractions such as 0.85, 0.90 and 0.95');

    this.dnsNames = ['localhost', name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`];
    this.javaOptions = `-Xms${heap}m -Xmx${heap}m`;
    const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
    this.settings = {
      'cluster.name': 'pipeline-logs',
      'node.name': '${HOSTNAME}',
      'discovery.type': 'single-node',
      // Clients reach HTTP through the Service; the transport layer has no peer to talk to.
      'http.host': '0.0.0.0',
      'transport.host': '127.0.0.1',
      // No memory-mapped store: no vm.max_map_count requirement on the Kind node, no privileged sysctl.
      'node.store.allow_mmap': false,
      'xpack.security.enabled': true,
      'xpack.security.enrollment.enabled': false,
      'xpack.security.http.ssl.enabled': true,
      'xpack.security.http.ssl.certificate': `certs/${ELASTICSEARCH_TLS_KEYS.certificate}`,
      'xpack.security.http.ssl.key': `certs/${ELASTICSEARCH_TLS_KEYS.privateKey}`,
      'xpack.security.http.ssl.certificate_authorities': [`certs/${ELASTICSEARCH_TLS_KEYS.ca}`],
      'xpack.security.http.ssl.supported_protocols': ['TLSv1.3', 'TLSv1.2'],
      'xpack.security.transport.ssl.enabled': false,
      // Machine learning reserves memory a 1Gi node does not have; GeoIP downloads need internet access.
      'xpack.ml.enabled': false,
      'ingest.geoip.downloader.enabled': false,
      'cluster.routing.allocation.disk.watermark.low': percent(low),
      'cluster.routing.allocation.disk.watermark.high': percent(high),
      'cluster.routing.allocation.disk.watermark.flood_stage': percent(floodStage),
      'action.destructive_requires_name': true,
    };

    this.configMap = new kplus.k8s.KubeConfigMap(this, 'Config', {
      metadata: objectMeta(this, `${name}-config`, identity),
      data: {
        'elasticsearch.yml': `# Generated by cdk8s-pipeline-ops (src/logging/elasticsearch.ts).\n${stringify(this.settings)}`,
        'ready.sh': loggingScript('elasticsearch-ready.sh'),
      },
    });

    const headless = createService(this, 'Headless', { name: `${name}-headless`, identity, headless: true, ports: [{ name: 'http', port: ELASTICSEARCH_HTTP_PORT }] });
    this.service = createService(this, 'Service', { name, identity, ports: [{ name: 'http', port: ELASTICSEARCH_HTTP_PORT }] });
    const account = new WorkloadServiceAccount(this, 'ServiceAccount', { name, identity });

    const passwordFile = `/run/secrets/elasticsearch/${props.elasticPasswordKey}`;
    // The entrypoint accepts ELASTIC_PASSWORD_FILE only with mode 400 or 600, and a secret volume with an
    // fsGroup is always group-readable (440): the init container hands it over as the elasticsearch user's own 600 file.
    const bootstrapPasswordFile = `/run/elasticsearch-bootstrap/${props.elasticPasswordKey}`;
    const init = buildContainer(this, {
      name: 'prepare-config',
      image: props.image,
      command: ['bash', '-c', [
        `cp -R ${HOME}/config/. /mnt/config/`,
        'cp /mnt/settings/elasticsearch.yml /mnt/config/elasticsearch.yml',
        `install -m 0600 ${passwordFile} ${bootstrapPasswordFile}`,
      ].join(' && ')],
      resources: compute(50, 200, 32, 64),
      volumeMounts: [
        { name: 'config', mountPath: '/mnt/config' },
        { name: 'settings', mountPath: '/mnt/settings', readOnly: true },
        { name: 'credentials', mountPath: '/run/secrets/elasticsearch', readOnly: true },
        { name: 'bootstrap-password', mountPath: '/run/elasticsearch-bootstrap' },
      ],
    });
    const container = buildContainer(this, {
      name,
      image: props.image,
      env: [
        { name: 'ES_JAVA_OPTS', value: this.javaOptions },
        // The entrypoint reads the bootstrap password from this file into the keystore.
        { name: 'ELASTIC_PASSWORD_FILE', value: bootstrapPasswordFile },
        // The readiness probe reads the same password from the secret itself.
        { name: 'PROBE_PASSWORD_FILE', value: passwordFile },
        { name: 'READY_URL', value: `https://localhost:${ELASTICSEARCH_HTTP_PORT}/_cluster/health?wait_for_status=yellow&timeout=1s` },
        { name: 'CA_FILE', value: `${HOME}/config/certs/${ELASTICSEARCH_TLS_KEYS.ca}` },
      ],
      ports: [{ name: 'http', port: ELASTICSEARCH_HTTP_PORT }],
      resources: props.resources,
      probes: {
        // The first start (keystore, security index) takes a minute or two on half a CPU.
        startup: tcpProbe('http', { periodSeconds: 10, failureThreshold: 30 }),
        readiness: execProbe(['bash', '/mnt/settings/ready.sh'], { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
        // Only a dead process is restarted: a red cluster is not cured by a restart.
        liveness: tcpProbe('http', { periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 }),
      },
      volumeMounts: [
        { name: 'config', mountPath: `${HOME}/config` },
        { name: 'tls', mountPath: `${HOME}/config/certs`, readOnly: true },
        { name: 'data', mountPath: `${HOME}/data` },
        { name: 'logs', mountPath: `${HOME}/logs` },
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'settings', mountPath: '/mnt/settings', readOnly: true },
        { name: 'credentials', mountPath: '/run/secrets/elasticsearch', readOnly: true },
        { name: 'bootstrap-password', mountPath: '/run/elasticsearch-bootstrap', readOnly: true },
      ],
    });
    this.statefulSet = createStatefulSet(this, 'StatefulSet', {
      name,
      identity,
      serviceName: headless.name,
      volumeClaimTemplates: [volumeClaimTemplate(this, 'data', identity, props.storage, props.storageClassName)],
      template: buildPodTemplate({
        identity,
        serviceAccountName: account.name,
        automountServiceAccountToken: false,
        user: ELASTICSEARCH_USER,
        // Time to flush segments and close shards cleanly.
        terminationGracePeriodSeconds: 120,
        annotations: { 'pipeline-ops/config-checksum': checksum(this.configMap.toJson().data) },
        initContainers: [init],
        containers: [container],
        volumes: [
          emptyDirVolume('config', 64),
          // The image's JVM options rotate gc.log up to 32 × 64 MiB: the limit must exceed that, or the kubelet evicts the pod.
          emptyDirVolume('logs', 2304),
          emptyDirVolume('tmp', 256),
          emptyDirVolume('bootstrap-password', 1, 'Memory'),
          { name: 'settings', configMap: { name: this.configMap.name } },
          secretVolume(props.credentials, 'credentials', [props.elasticPasswordKey]),
          { name: 'tls', secret: { secretName: props.tlsSecretName, defaultMode: 0o440 } },
        ],
      }),
    });
  }
}

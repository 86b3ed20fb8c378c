import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ContainerImage, ELASTICSEARCH_EXPORTER_IMAGE, ELASTICSEARCH_IMAGE, FLUENTD_IMAGE, KIBANA_IMAGE } from '../config/images';
import { LOGGING_SEED } from '../config/logging';
import { UI_PORTS } from '../config/ports';
import { SEED_STORAGE_GIBIBYTES, STORAGE_CLASSES } from '../config/storage';
import { requireThat } from '../foundation/errors';
import { AUDIT_PATHS } from '../foundation/kind/audit-policy';
import { MetricsEndpoint } from '../foundation/metrics-endpoint';
import { ComputeResources, mebibytesOf } from '../foundation/resources';
import { loggingMixin } from '../monitoring/catalog/logging';
import { ComponentMixin } from '../monitoring/catalog/types';
import { CommittedSealedSecret } from '../secrets/committed-sealed-secret';
import { ApiSetupJob } from './api-setup-job';
import { sequencePlans } from './api-setup-script';
import { Elasticsearch, ELASTICSEARCH_HTTP_PORT, ELASTICSEARCH_USER } from './elasticsearch';
import { ElasticsearchCertificates } from './elasticsearch-certificates';
import { ElasticsearchExporter } from './elasticsearch-exporter';
import { clientAccounts, ELASTICSEARCH_USER_KEYS, elasticsearchUsersSecret, kibanaEncryptionKeysSecret } from './elasticsearch-users';
import { Fluentd } from './fluentd';
import { BufferLimits } from './fluentd-config';
import { Kibana, KIBANA_PORT } from './kibana';
import { dataViewsPlan } from './kibana-data-views';
import { DEFAULT_INDEX_PREFIXES, LogIndex, logIndices } from './log-indices';
import { retentionPlan } from './retention';
import { securityPlan } from './security-setup';

export interface ElkStackProps {
  /** Days a daily log index is kept before ILM deletes it. @default 7 */
  readonly retentionDays?: number;
  /** Prefixes of the daily indices; they must not start with `logs-`. @default pipeline-logs and k8s-audit */
  readonly indexPrefixes?: { readonly application?: string; readonly audit?: string };
  /** Elasticsearch's data volume. @default 10Gi */
  readonly elasticsearchStorage?: Size;
  /** StorageClass of that volume. @default the retained local-path class */
  readonly storageClassName?: string;
  /** Elasticsearch's JVM heap; at most half its memory limit. @default 512Mi */
  readonly elasticsearchHeap?: Size;
  /** @default 200m/500m CPU, 768Mi/1Gi memory (the seed's 1Gi / 0.5 CPU are the limits) */
  readonly elasticsearchResources?: ComputeResources;
  /** Elasticsearch's disk watermarks (fractions of the volume used); the critical disk alert follows `high`. @default 0.85 / 0.90 / 0.95 */
  readonly diskWatermarks?: { readonly low: number; readonly high: number; readonly floodStage: number };
  /** @default 150m/1 CPU, 384Mi/896Mi memory */
  readonly kibanaResources?: ComputeResources;
  /** Kibana's V8 heap cap in MiB. @default 512 */
  readonly kibanaHeapMebibytes?: number;
  /** Kibana's NodePort (Kind maps the host port to it). @default UI_PORTS.kibana.nodePort */
  readonly kibanaNodePort?: number;
  /** The URL users open Kibana at. @default http://localhost:<UI_PORTS.kibana.hostPort> */
  readonly kibanaPublicBaseUrl?: string;
  /** Per node. @default 50m/200m CPU, 104Mi/256Mi memory */
  readonly fluentdResources?: ComputeResources;
  /** Fluentd's file buffer per output on each node. @default application 4MB chunks / 512MB, audit 4MB / 128MB */
  readonly fluentdBuffers?: { readonly application?: BufferLimits; readonly audit?: BufferLimits };
  /** The API server's audit log on the control-plane node. @default the Kind cluster's (AUDIT_PATHS.logFile) */
  readonly auditLogPath?: string;
  /** @default 20m/100m CPU, 24Mi/48Mi memory */
  readonly exporterResources?: ComputeResources;
  /** Validity of the generated HTTPS certificate. @default 1095 days */
  readonly certificateValidityDays?: number;
  /** Images. @default the pinned images of src/config/images.ts */
  readonly images?: {
    readonly elasticsearch?: ContainerImage;
    readonly kibana?: ContainerImage;
    readonly fluentd?: ContainerImage;
    readonly exporter?: ContainerImage;
  };
}

/**
 * The logging stack: Elasticsearch 8 (single node, TLS, security on), Fluentd on every node (container
 * logs and the API server's audit log), Kibana 8, daily indices with ILM retention, the Elasticsearch
 * exporter, and the Jobs that set it all up (certificate; retention, then users; data views). Place it in
 * the logging namespace's chart.
 */
export class ElkStack extends Construct {
  /** Elasticsearch's Service (`http` 9200, HTTPS). */
  readonly elasticsearchService: kplus.k8s.KubeService;
  /** Kibana's NodePort Service (`http` 5601), for the Kind host port mapping. */
  readonly kibanaService: kplus.k8s.KubeService;
  /** Fluentd's and the exporter's metrics. */
  readonly metricsEndpoints: MetricsEndpoint[];
  /** Metrics, recording rules and alerts of the logging pipeline. */
  readonly mixin: ComponentMixin;
  /** Passwords of the Elasticsearch users. */
  readonly credentials: CommittedSealedSecret;
  /** The daily index families (application logs, audit events). */
  readonly indices: Record<LogIndex['key'], LogIndex>;
  /** Elasticsearch's base URL inside the cluster (https). */
  readonly elasticsearchUrl: string;
  /** The Secret (created in the cluster) with Elasticsearch's CA and certificate; clients mount `ca.crt`. */
  readonly tlsSecretName: string;

  readonly elasticsearch: Elasticsearch;
  readonly fluentd: Fluentd;
  readonly kibana: Kibana;
  readonly exporter: ElasticsearchExporter;
  readonly certificates: ElasticsearchCertificates;
  /** Retention (ILM policies, index templates), then the users: see the constructor for why in one Job. */
  readonly elasticsearchSetup: ApiSetupJob;
  readonly dataViewsSetup: ApiSetupJob;

  constructor(scope: Construct, id: string, props: ElkStackProps = {}) {
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    requireThat(this, namespace !== undefined, namespace, 'is the namespace of the chart holding the logging stack', 'place ElkStack in a NamespaceChart');

    const retentionDays = props.retentionDays ?? LOGGING_SEED.retentionDays;
    requireThat(this, Number.isInteger(retentionDays) && retentionDays >= 1, retentionDays, 'is not a valid retention in days', 'use a whole number of days ≥ 1, e.g. 7');
    const images = {
      elasticsearch: props.images?.elasticsearch ?? ELASTICSEARCH_IMAGE,
      kibana: props.images?.kibana ?? KIBANA_IMAGE,
      fluentd: props.images?.fluentd ?? FLUENTD_IMAGE,
      exporter: props.images?.exporter ?? ELASTICSEARCH_EXPORTER_IMAGE,
    };
    requireThat(this, images.elasticsearch.tag === images.kibana.tag, `Elasticsearch ${images.elasticsearch.tag} / Kibana ${images.kibana.tag}`,
      'are different versions; Kibana only works with the Elasticsearch version it was released with', 'use the same tag for both images');
    const buffers = {
      application: props.fluentdBuffers?.application ?? LOGGING_SEED.fluentdBuffer.application,
      audit: props.fluentdBuffers?.audit ?? LOGGING_SEED.fluentdBuffer.audit,
    };
    for (const [key, buffer] of Object.entries(buffers)) {
      requireThat(this, buffer.chunkLimitMebibytes >= 1 && buffer.totalLimitMebibytes >= 4 * buffer.chunkLimitMebibytes,
        `${buffer.chunkLimitMebibytes}MB chunks in ${buffer.totalLimitMebibytes}MB`,
        `is the ${key} log buffer: it holds fewer than 4 chunks and would drop logs at the first short outage of Elasticsearch`,
        `raise totalLimitMebibytes to at least ${4 * Math.max(1, buffer.chunkLimitMebibytes)} or lower chunkLimitMebibytes`);
    }
    const fluentdResources = props.fluentdResources ?? LOGGING_SEED.fluentd.resources;
    const largestChunks = 2 * Math.max(buffers.application.chunkLimitMebibytes, buffers.audit.chunkLimitMebibytes) * 3;
    requireThat(this, mebibytesOf(fluentdResources.memory.limit) >= 128 + largestChunks, `${mebibytesOf(fluentdResources.memory.limit)}Mi`,
      `is a Fluentd memory limit too small for its flush threads (${largestChunks}Mi of chunks and their bulk requests in flight, plus about 128Mi for Fluentd itself)`,
      `raise the Fluentd memory limit to at least ${128 + largestChunks}Mi or lower the chunk sizes`);

    this.indices = logIndices(this, {
      application: props.indexPrefixes?.application ?? DEFAULT_INDEX_PREFIXES.application,
      audit: props.indexPrefixes?.audit ?? DEFAULT_INDEX_PREFIXES.audit,
    }, retentionDays);
    const indexList = Object.values(this.indices);

    this.credentials = elasticsearchUsersSecret(this, 'Users', Elasticsearch.IDENTITY);
    const kibanaKeys = kibanaEncryptionKeysSecret(this, 'KibanaKeys', Kibana.IDENTITY);

    this.tlsSecretName = 'elasticsearch-tls';
    const watermarks = props.diskWatermarks ?? LOGGING_SEED.diskWatermarks;
    this.elasticsearch = new Elasticsearch(this, 'Elasticsearch', {
      image: images.elasticsearch,
      resources: props.elasticsearchResources ?? LOGGING_SEED.elasticsearch.resources,
      heap: props.elasticsearchHeap ?? Size.mebibytes(LOGGING_SEED.elasticsearch.heapMebibytes),
      storage: props.elasticsearchStorage ?? Size.gibibytes(SEED_STORAGE_GIBIBYTES.elasticsearch),
      storageClassName: props.storageClassName ?? STORAGE_CLASSES.retained,
      credentials: this.credentials,
      elasticPasswordKey: ELASTICSEARCH_USER_KEYS.elastic,
      tlsSecretName: this.tlsSecretName,
      diskWatermarks: watermarks,
    });
    this.elasticsearchService = this.elasticsearch.service;
    this.elasticsearchUrl = `https://${this.elasticsearchService.name}.${namespace}.svc:${ELASTICSEARCH_HTTP_PORT}`;

    const validityDays = props.certificateValidityDays ?? LOGGING_SEED.certificateValidityDays;
    requireThat(this, Number.isInteger(validityDays) && validityDays >= 30, validityDays, 'is not a certificate validity of at least 30 days', 'use a whole number of days such as 1095');
    this.certificates = new ElasticsearchCertificates(this, 'Certificates', {
      secretName: this.tlsSecretName,
      dnsNames: this.elasticsearch.dnsNames,
      validityDays,
      image: images.elasticsearch,
      user: ELASTICSEARCH_USER,
      resources: LOGGING_SEED.setupJob.certutilResources,
      heapMebibytes: LOGGING_SEED.setupJob.certutilHeapMebibytes,
    });

    const accounts = clientAccounts(indexList);
    const fluentdUser = accounts.users.find((u) => u.passwordKey === ELASTICSEARCH_USER_KEYS.fluentd)!;
    const exporterUser = accounts.users.find((u) => u.passwordKey === ELASTICSEARCH_USER_KEYS.exporter)!;
    const jobDefaults = {
      credentials: this.credentials,
      adminPasswordKey: ELASTICSEARCH_USER_KEYS.elastic,
      elasticsearchUrl: this.elasticsearchUrl,
      tlsSecretName: this.tlsSecretName,
      image: images.elasticsearch,
      user: ELASTICSEARCH_USER,
      resources: LOGGING_SEED.setupJob.resources,
    };
    // One Job, retention first: Fluentd cannot write before its user exists, so every index it creates
    // already matches a template (one shard, no replicas, the ILM policy, the Kubernetes mappings). Two
    // Jobs running side by side could create the user first, and that day's index would never be deleted.
    this.elasticsearchSetup = new ApiSetupJob(this, 'Setup', {
      ...jobDefaults,
      name: 'elasticsearch-setup',
      identity: { name: 'elasticsearch', component: 'setup' },
      plan: sequencePlans('Elasticsearch: retention (ILM policies, index templates), then users (kibana_system, Fluentd, exporter)',
        retentionPlan(indexList, retentionDays),
        securityPlan(ELASTICSEARCH_USER_KEYS.kibanaSystem, accounts.roles, accounts.users)),
    });

    this.fluentd = new Fluentd(this, 'Fluentd', {
      image: images.fluentd,
      resources: fluentdResources,
      elasticsearchService: this.elasticsearchService,
      elasticsearchPort: ELASTICSEARCH_HTTP_PORT,
      tlsSecretName: this.tlsSecretName,
      credentials: this.credentials,
      username: fluentdUser.username,
      passwordKey: fluentdUser.passwordKey,
      indices: this.indices,
      auditLogPath: props.auditLogPath ?? AUDIT_PATHS.logFile,
      buffers,
    });

    const hostPort = UI_PORTS.kibana.hostPort;
    this.kibana = new Kibana(this, 'Kibana', {
      image: images.kibana,
      resources: props.kibanaResources ?? LOGGING_SEED.kibana.resources,
      heapMebibytes: props.kibanaHeapMebibytes ?? LOGGING_SEED.kibana.heapMebibytes,
      elasticsearchUrl: this.elasticsearchUrl,
      tlsSecretName: this.tlsSecretName,
      credentials: this.credentials,
      kibanaSystemPasswordKey: ELASTICSEARCH_USER_KEYS.kibanaSystem,
      encryptionKeys: kibanaKeys,
      nodePort: props.kibanaNodePort ?? UI_PORTS.kibana.nodePort,
      publicBaseUrl: props.kibanaPublicBaseUrl ?? `http://localhost:${hostPort}`,
    });
    this.kibanaService = this.kibana.service;
    this.dataViewsSetup = new ApiSetupJob(this, 'DataViewsSetup', {
      ...jobDefaults,
      name: 'kibana-data-views-setup',
      identity: { name: 'kibana', component: 'data-views-setup' },
      kibanaUrl: `http://${this.kibanaService.name}.${namespace}.svc:${KIBANA_PORT}`,
      plan: dataViewsPlan(indexList),
    });

    this.exporter = new ElasticsearchExporter(this, 'Exporter', {
      image: images.exporter,
      resources: props.exporterResources ?? LOGGING_SEED.exporter.resources,
      elasticsearchUrl: this.elasticsearchUrl,
      tlsSecretName: this.tlsSecretName,
      credentials: this.credentials,
      username: exporterUser.username,
      passwordKey: exporterUser.passwordKey,
    });

    this.metricsEndpoints = [this.fluentd.metricsEndpoint, this.exporter.metricsEndpoint];
    this.mixin = loggingMixin({ highDiskWatermark: watermarks.high });
  }
}

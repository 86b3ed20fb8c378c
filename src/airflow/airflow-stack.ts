import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  AIRFLOW_API_WORKERS, AIRFLOW_PORTS, AIRFLOW_RESOURCES, AIRFLOW_SCHEDULES, DEFAULT_DAGS_REPOSITORY, GIT_SYNC_PERIOD_SECONDS, METADATA_BACKUP_RETENTION_DAYS,
} from '../config/airflow';
import { AIRFLOW_IMAGE, ContainerImage, GIT_SYNC_IMAGE, POSTGRES_IMAGE, STATSD_EXPORTER_IMAGE } from '../config/images';
import { UI_PORTS } from '../config/ports';
import { SEED_STORAGE_GIBIBYTES } from '../config/storage';
import { requireThat } from '../foundation/errors';
import { MetricsEndpoint } from '../foundation/metrics-endpoint';
import { PersistentVolume } from '../foundation/persistent-volumes';
import { mebibytesOf, ComputeResources } from '../foundation/resources';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { AIRFLOW_METRICS, AIRFLOW_MIXIN } from '../monitoring/catalog/airflow';
import { ComponentMixin } from '../monitoring/catalog/types';
import { SealedSecretRef } from '../secrets/sealed-secret-ref';
import { ApiServer } from './api-server';
import { CleanupCronJob } from './cleanup-cronjob';
import { AIRFLOW_SERVICES, AirflowComponentContext, airflowIdentity, serviceHost } from './component-context';
import { PIPELINE_CONNECTIONS, PipelineConnection } from './connections';
import { DagProcessor } from './dag-processor';
import { AirflowEnvironment } from './environment';
import { GitSync } from './git-sync';
import { MetadataBackup } from './metadata-backup';
import { MetadataDatabase } from './metadata-database';
import { MigrationJob } from './migration-job';
import { WorkerPodTemplate } from './pod-template';
import { AirflowRbac } from './rbac';
import { Scheduler } from './scheduler';
import { AIRFLOW_SECRET_KEYS, AirflowSecrets, sealedChecksum } from './secrets';
import { StatsdExporter } from './statsd-exporter';
import { Triggerer } from './triggerer';
import { DEFAULT_MONITORING_QUERIES, MonitoringQueries, pipelineVariables } from './variables';

/** Requests and limits of each part of the stack. */
export type AirflowResources = { readonly [K in keyof typeof AIRFLOW_RESOURCES]: ComputeResources };

export interface AirflowStackProps {
  /** The Airflow image of every component and task pod. @default apache/airflow:3.3.2 */
  readonly image?: ContainerImage;
  /** @default registry.k8s.io/git-sync/git-sync:v4.4.2 */
  readonly gitSyncImage?: ContainerImage;
  /** @default quay.io/prometheus/statsd-exporter:v0.28.0 */
  readonly statsdExporterImage?: ContainerImage;
  /** Image of the metadata database and its backup job. @default postgres:17.6-bookworm */
  readonly postgresImage?: ContainerImage;
  /** SSH URL of the repository the DAGs are synced from (`git@host:org/repo.git` or `ssh://…`). @default this project's repository */
  readonly dagsRepository?: string;
  /** Branch, tag or commit to sync. @default 'main' */
  readonly dagsRef?: string;
  /** Folder of the repository that holds the DAGs. @default 'dags' */
  readonly dagsSubPath?: string;
  /** How often git-sync pulls. @default 60 seconds (the seed's) */
  readonly gitSyncPeriod?: Duration;
  /** Run a triggerer (deferrable operators). @default true */
  readonly triggerer?: boolean;
  /** uvicorn workers of the api-server. @default 2 (sized for its 2Gi limit) */
  readonly apiServerWorkers?: number;
  /** NodePort of the UI. @default UI_PORTS.airflow.nodePort */
  readonly apiServerNodePort?: number;
  /** Public URL of the UI, for links Airflow renders. @default http://localhost:<UI_PORTS.airflow.hostPort> */
  readonly baseUrl?: string;
  /** Per-component requests and limits (merged over the defaults). @default AIRFLOW_RESOURCES */
  readonly resources?: Partial<AirflowResources>;
  /** Size of the metadata database volume. @default 2Gi (the seed's) */
  readonly databaseStorage?: Size;
  /** StorageClass of the database volume. @default the retained local-path class */
  readonly databaseStorageClassName?: string;
  /** Prometheus' HTTP API, for the realtime_monitoring DAG. @default http://prometheus.monitoring.svc.cluster.local:9090 */
  readonly prometheusUrl?: string;
  /** Alertmanager's HTTP API, for the realtime_monitoring DAG. @default http://alertmanager.monitoring.svc.cluster.local:9093 */
  readonly alertmanagerUrl?: string;
  /** PromQL of the realtime_monitoring DAG's checks (merged over the defaults). @default DEFAULT_MONITORING_QUERIES */
  readonly monitoringQueries?: Partial<MonitoringQueries>;
  /** The Airflow variable `pipeline_environment`. @default 'kind' */
  readonly environmentName?: string;
  /** Connections of the DAGs (AIRFLOW_CONN_*). @default PIPELINE_CONNECTIONS */
  readonly connections?: readonly PipelineConnection[];
  /** When the cleanup of finished task pods runs (UTC cron). @default '30 3 * * *' (failed pods stay up to a day for debugging) */
  readonly cleanupSchedule?: string;
  /** The volume nightly database dumps go to; no backup job without it. @default none */
  readonly backupVolume?: PersistentVolume;
  /** When the database dump runs (UTC cron). @default '15 2 * * *' */
  readonly backupSchedule?: string;
  /** Days of dumps kept. @default 7 */
  readonly backupRetentionDays?: number;
}

const SSH_URL = /^(ssh:\/\/[^\s]+|[a-zA-Z0-9._-]+@[a-zA-Z0-9.-]+:[^\s]+)$/;
const HTTP_URL = /^https?:\/\/[^\s/]+(\/[^\s]*)?$/;
/** Below this, every api-server worker cannot hold Airflow's app (~300 MiB each, measured upstream ranges). */
const MEBIBYTES_PER_API_WORKER = 384;

/**
 * Airflow 3 with the KubernetesExecutor in one namespace: scheduler, api-server, standalone
 * dag-processor, optional triggerer, PostgreSQL metadata database (migrated by a Job every component
 * waits for), git-synced DAGs, statsd-exporter metrics, the pipeline's connections and variables,
 * a cleanup CronJob for task pods and an optional nightly database dump.
 */
export class AirflowStack extends Construct {
  /** The UI/API Service (NodePort, port `http`). */
  readonly apiServerService: kplus.k8s.KubeService;
  /** Where Prometheus scrapes Airflow's metrics. */
  readonly metricsEndpoints: MetricsEndpoint[];
  /** Airflow's metrics, recording rules and alerts. */
  readonly mixin: ComponentMixin = AIRFLOW_MIXIN;
  /** The sealed credentials of the stack. */
  readonly secrets: {
    readonly metadataDatabase: SealedSecretRef;
    readonly core: SealedSecretRef;
    readonly admin: SealedSecretRef;
    readonly connections: SealedSecretRef;
    readonly gitSync: SealedSecretRef;
  };
  readonly database: MetadataDatabase;
  readonly environment: AirflowEnvironment;
  readonly podTemplate: WorkerPodTemplate;
  readonly scheduler: Scheduler;
  readonly apiServer: ApiServer;
  readonly dagProcessor: DagProcessor;
  readonly triggerer?: Triggerer;
  readonly migrationJob: MigrationJob;
  readonly resources: AirflowResources;
  /** The account task pods run as (give it access elsewhere, e.g. `SparkSubmitAccess` in the Spark namespace). */
  readonly workerServiceAccount: WorkloadServiceAccount;

  constructor(scope: Construct, id: string, props: AirflowStackProps = {}) {
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    requireThat(this, namespace !== undefined, namespace, 'is the namespace of the chart holding the Airflow stack', 'place the stack in a NamespaceChart');
    const ns = namespace!;
    const image = props.image ?? AIRFLOW_IMAGE;
    const resources: AirflowResources = { ...AIRFLOW_RESOURCES, ...props.resources };
    this.resources = resources;
    const repository = props.dagsRepository ?? DEFAULT_DAGS_REPOSITORY;
    const subPath = props.dagsSubPath ?? 'dags';
    const periodSeconds = (props.gitSyncPeriod ?? Duration.seconds(GIT_SYNC_PERIOD_SECONDS)).toSeconds();
    const workers = props.apiServerWorkers ?? AIRFLOW_API_WORKERS;
    const prometheusUrl = props.prometheusUrl ?? 'http://prometheus.monitoring.svc.cluster.local:9090';
    const alertmanagerUrl = props.alertmanagerUrl ?? 'http://alertmanager.monitoring.svc.cluster.local:9093';
    const connections = props.connections ?? PIPELINE_CONNECTIONS;

    requireThat(this, SSH_URL.test(repository), repository, 'is not an SSH repository URL (git-sync verifies the host key, which needs SSH)',
      'use the form git@github.com:org/repo.git or ssh://git@host/org/repo.git');
    requireThat(this, !subPath.split('/').includes('..'), subPath, 'leaves the repository', 'name a folder inside the repository, e.g. "dags"');
    requireThat(this, periodSeconds >= 10, `${periodSeconds}s`, 'is a git-sync period under 10 seconds, which polls the git host needlessly',
      'use at least Duration.seconds(10); the seed uses 60');
    requireThat(this, Number.isInteger(workers) && workers >= 1, workers, 'is not a valid api-server worker count', 'use a whole number ≥ 1');
    const apiLimit = mebibytesOf(resources.apiServer.memory.limit);
    requireThat(this, workers * MEBIBYTES_PER_API_WORKER <= apiLimit, `${workers} workers`, `need ${workers * MEBIBYTES_PER_API_WORKER}Mi but the api-server memory limit is ${apiLimit}Mi`,
      `lower apiServerWorkers to ${Math.max(1, Math.floor(apiLimit / MEBIBYTES_PER_API_WORKER))} or raise resources.apiServer's memory limit`);
    for (const [what, url] of [['prometheusUrl', prometheusUrl], ['alertmanagerUrl', alertmanagerUrl]] as const) {
      requireThat(this, HTTP_URL.test(url), url, `is not an http(s) URL for ${what}`, 'give the base URL of the API, e.g. http://prometheus.monitoring.svc.cluster.local:9090');
    }
    const connIds = connections.map((c) => c.connId);
    const duplicate = connIds.find((c, i) => connIds.indexOf(c) !== i);
    requireThat(this, duplicate === undefined, duplicate, 'is a connection id given twice', 'give each connection its own connId');

    const identity = airflowIdentity('airflow');
    const secrets = new AirflowSecrets(this, 'secrets', { identity: airflowIdentity('credentials'), connections });
    this.secrets = secrets;

    const statsd = new StatsdExporter(this, 'statsd', { image: props.statsdExporterImage ?? STATSD_EXPORTER_IMAGE, resources: resources.statsdExporter, metrics: AIRFLOW_METRICS });
    this.metricsEndpoints = [statsd.metricsEndpoint];

    this.database = new MetadataDatabase(this, 'database', {
      image: props.postgresImage ?? POSTGRES_IMAGE,
      resources: resources.postgres,
      storage: props.databaseStorage ?? Size.gibibytes(SEED_STORAGE_GIBIBYTES.airflowDatabase),
      storageClassName: props.databaseStorageClassName,
      secrets,
      databaseName: 'airflow',
    });

    const gitSync = new GitSync({
      repo: repository, ref: props.dagsRef ?? 'main', subPath, periodSeconds,
      image: props.gitSyncImage ?? GIT_SYNC_IMAGE, resources: resources.gitSync, credentials: secrets.gitSync,
    });
    this.environment = new AirflowEnvironment(this, 'environment', {
      identity,
      namespace: ns,
      secrets,
      connections,
      variables: pipelineVariables({
        environment: props.environmentName ?? 'kind', prometheusUrl, alertmanagerUrl,
        monitoringQueries: { ...DEFAULT_MONITORING_QUERIES, ...props.monitoringQueries },
      }),
      dagsFolder: gitSync.dagsFolder,
      executionApiUrl: `http://${serviceHost(AIRFLOW_SERVICES.apiServer, ns)}:${AIRFLOW_PORTS.apiServer}/execution/`,
      baseUrl: props.baseUrl ?? `http://localhost:${UI_PORTS.airflow.hostPort}`,
      statsdHost: statsd.host,
      statsdPort: statsd.ingestPort,
      databaseHost: this.database.host,
      databasePort: this.database.port,
      databaseName: this.database.databaseName,
    });
    const context: AirflowComponentContext = {
      image,
      environment: this.environment,
      gitSync,
      initResources: resources.init,
      podAnnotations: { 'pipeline-ops/config-checksum': this.environment.checksum },
    };
    // The scheduler signs task tokens and the api-server checks them: both roll when the JWT secret is re-sealed.
    const jwtAnnotations = { 'pipeline-ops/jwt-secret-checksum': sealedChecksum(secrets.core, [AIRFLOW_SECRET_KEYS.jwtSecret]) };

    this.migrationJob = new MigrationJob(this, 'migrations', { context, resources: resources.job });
    const worker = new WorkloadServiceAccount(this, 'worker-service-account', { name: 'airflow-worker', identity: airflowIdentity('worker') });
    this.workerServiceAccount = worker;
    this.podTemplate = new WorkerPodTemplate(this, 'pod-template', { context, resources: resources.worker, serviceAccountName: worker.name });
    this.scheduler = new Scheduler(this, 'scheduler', { context, resources: resources.scheduler, podTemplate: this.podTemplate, jwtAnnotations });
    this.apiServer = new ApiServer(this, 'api-server', {
      context, resources: resources.apiServer, secrets, workers, jwtAnnotations,
      nodePort: props.apiServerNodePort ?? UI_PORTS.airflow.nodePort,
      adminAnnotations: { 'pipeline-ops/admin-password-checksum': sealedChecksum(secrets.admin, [AIRFLOW_SECRET_KEYS.adminPassword]) },
    });
    this.apiServerService = this.apiServer.service;
    this.dagProcessor = new DagProcessor(this, 'dag-processor', { context, resources: resources.dagProcessor });
    if (props.triggerer ?? true) {
      this.triggerer = new Triggerer(this, 'triggerer', { context, resources: resources.triggerer });
    }
    const cleanup = new CleanupCronJob(this, 'cleanup', { context, resources: resources.job, schedule: props.cleanupSchedule ?? AIRFLOW_SCHEDULES.podCleanup });
    if (props.backupVolume) {
      new MetadataBackup(this, 'backup', {
        image: props.postgresImage ?? POSTGRES_IMAGE,
        resources: resources.backup,
        database: this.database,
        secrets,
        volume: props.backupVolume,
        schedule: props.backupSchedule ?? AIRFLOW_SCHEDULES.metadataBackup,
        retentionDays: props.backupRetentionDays ?? METADATA_BACKUP_RETENTION_DAYS,
      });
    }

    new AirflowRbac(this, 'rbac', {
      // Task pods launch pods too: dbt runs through the KubernetesPodOperator in the same namespace.
      podLaunchers: [this.scheduler.serviceAccount, ...(this.triggerer ? [this.triggerer.serviceAccount] : []), worker],
      logReaders: [this.apiServer.serviceAccount],
      cleaners: [cleanup.serviceAccount],
    });
  }
}

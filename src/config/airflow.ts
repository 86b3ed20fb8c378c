import { compute } from '../foundation/resources';

/**
 * Requests and limits of the Airflow stack. Limits are the seed's figures where it names one
 * (scheduler and webserver/api-server: 2Gi, 1 CPU); requests are what each process holds at steady
 * state on a small installation. The whole namespace fits its share of the 8 GiB cluster
 * (NAMESPACE_CAPACITY_SHARES; `npm run capacity` shows the figures).
 */
export const AIRFLOW_RESOURCES = {
  scheduler: compute(200, 1000, 448, 2048),
  /** Two uvicorn workers (AIRFLOW_API_WORKERS) at ~300 MiB each, plus the simple auth manager. */
  apiServer: compute(150, 1000, 640, 2048),
  /** The limit leaves room for the liveness probe's `airflow jobs check` process beside the parser. */
  dagProcessor: compute(100, 500, 288, 768),
  /** The limit leaves room for the liveness probe's `airflow jobs check` and the log server beside the triggerer. */
  triggerer: compute(50, 250, 224, 640),
  /** One task pod of the KubernetesExecutor (not counted in the steady state: it runs in the task headroom). */
  worker: compute(100, 1000, 384, 1024),
  gitSync: compute(10, 50, 32, 96),
  statsdExporter: compute(10, 100, 32, 64),
  postgres: compute(100, 500, 256, 512),
  /** `airflow db check-migrations` and the password-file copy before the components start. */
  init: compute(50, 250, 192, 448),
  /** The migration Job, the cleanup CronJob and the metadata backup CronJob. */
  job: compute(100, 1000, 384, 1024),
  backup: compute(50, 500, 64, 256),
} as const;

/** uvicorn workers of the api-server, sized for its 2Gi limit. */
export const AIRFLOW_API_WORKERS = 2;

/** The seed's git-sync period (task 6: "automatic DAG updates … 60-second sync"). */
export const GIT_SYNC_PERIOD_SECONDS = 60;

/** Ports of the Airflow stack (contracts.md). */
export const AIRFLOW_PORTS = {
  apiServer: 8080,
  statsdIngest: 9125,
  statsdMetrics: 9102,
  postgres: 5432,
  gitSyncHttp: 9080,
  /** The scheduler's own health server (`[scheduler] scheduler_health_check_server_port`, set explicitly). */
  schedulerHealth: 8974,
  /** Where the triggerer serves its trigger logs (`[logging] trigger_log_server_port`, Airflow's default). */
  triggererLogs: 8794,
} as const;

/** When the Airflow stack's CronJobs run (UTC cron). */
export const AIRFLOW_SCHEDULES = {
  /** Removes finished task pods; failed ones stay up to a day for debugging. */
  podCleanup: '30 3 * * *',
  /** The metadata database dump (when a backup volume is given). */
  metadataBackup: '15 2 * * *',
} as const;

/** Days of metadata database dumps kept on the backup volume. */
export const METADATA_BACKUP_RETENTION_DAYS = 7;

/** The official image's user: uid 50000 in the root group (gid 0), as the Airflow image documentation requires. */
export const AIRFLOW_USER = { uid: 50000, gid: 0 } as const;

/** The repository git-sync pulls the DAGs from by default: this project's own (its `dags/` folder); point it at your fork. */
export const DEFAULT_DAGS_REPOSITORY = 'git@github.com:pipeline-ops/cdk8s-pipeline-ops.git';

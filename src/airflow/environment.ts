import * as crypto from 'node:crypto';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentIdentity } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';
import { secretEnv } from '../secrets/sealed-secret-ref';
import { connectionEnvName, PipelineConnection } from './connections';
import { AIRFLOW_SECRET_KEYS, AirflowSecrets } from './secrets';
import { variableEnvName } from './variables';

const AIRFLOW_HOME = '/opt/airflow';
const POD_TEMPLATE_DIRECTORY = `${AIRFLOW_HOME}/pod_templates`;

/** The pod template's file name: its key in the ConfigMap, so also its name in the mounted directory. */
export const POD_TEMPLATE_FILE_NAME = 'pod_template_file.yaml';

/** Paths inside the Airflow image. */
export const AIRFLOW_PATHS = {
  home: AIRFLOW_HOME,
  /** Where git-sync's root is mounted in Airflow containers (its `repo` link sits below). */
  dags: `${AIRFLOW_HOME}/dags`,
  podTemplateDirectory: POD_TEMPLATE_DIRECTORY,
  podTemplateFile: `${POD_TEMPLATE_DIRECTORY}/${POD_TEMPLATE_FILE_NAME}`,
  passwordsFile: `${AIRFLOW_HOME}/simple_auth_manager_passwords.json`,
} as const;

export interface AirflowEnvironmentProps {
  readonly identity: ComponentIdentity;
  readonly namespace: string;
  readonly secrets: AirflowSecrets;
  readonly connections: readonly PipelineConnection[];
  /** Airflow variables (name → value), exported as AIRFLOW_VAR_*. */
  readonly variables: Record<string, string>;
  /** `core.dags_folder`: git-sync's link plus the repository sub-path. */
  readonly dagsFolder: string;
  /** In-cluster URL of the api-server's Execution API, which task pods report to. */
  readonly executionApiUrl: string;
  /** Public URL of the UI (links in notifications). */
  readonly baseUrl: string;
  readonly statsdHost: string;
  readonly statsdPort: number;
  readonly databaseHost: string;
  readonly databasePort: number;
  readonly databaseName: string;
}

/**
 * The configuration every Airflow process shares — scheduler, api-server, dag-processor, triggerer,
 * the migration Job and each task pod — as one ConfigMap of `AIRFLOW__*` and `AIRFLOW_VAR_*`
 * variables, plus the secret-backed variables each process adds for itself (only what it needs).
 */
export class AirflowEnvironment extends Construct {
  readonly configMapName: string;
  /** Changes whenever the shared configuration does; a pod annotation with it rolls the pods. */
  readonly checksum: string;
  /** The shared settings (also what the tests read). */
  readonly settings: Readonly<Record<string, string>>;
  private readonly props: AirflowEnvironmentProps;

  constructor(scope: Construct, id: string, props: AirflowEnvironmentProps) {
    super(scope, id);
    this.props = props;
    this.configMapName = 'airflow-env';
    this.settings = {
      AIRFLOW_HOME: AIRFLOW_PATHS.home,
      AIRFLOW__CORE__EXECUTOR: 'KubernetesExecutor',
      AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
      AIRFLOW__CORE__DAGS_FOLDER: props.dagsFolder,
      AIRFLOW__CORE__EXECUTION_API_SERVER_URL: props.executionApiUrl,
      AIRFLOW__CORE__AUTH_MANAGER: 'airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager',
      // `user:role` — one user named admin with the admin role; its password is the sealed airflow-admin secret, never a default.
      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS: 'admin:admin',
      AIRFLOW__API__BASE_URL: props.baseUrl,
      AIRFLOW__API__EXPOSE_CONFIG: 'False',
      // New DAG files are listed every minute (the git-sync period) instead of every five.
      AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL: '60',
      AIRFLOW__KUBERNETES_EXECUTOR__NAMESPACE: props.namespace,
      AIRFLOW__KUBERNETES_EXECUTOR__POD_TEMPLATE_FILE: AIRFLOW_PATHS.podTemplateFile,
      // Worker pods are deleted on success and kept on failure for debugging (the cleanup CronJob removes them later).
      AIRFLOW__KUBERNETES_EXECUTOR__DELETE_WORKER_PODS: 'True',
      AIRFLOW__KUBERNETES_EXECUTOR__DELETE_WORKER_PODS_ON_FAILURE: 'False',
      AIRFLOW__KUBERNETES_EXECUTOR__WORKER_PODS_CREATION_BATCH_SIZE: '4',
      AIRFLOW__METRICS__STATSD_ON: 'True',
      AIRFLOW__METRICS__STATSD_HOST: props.statsdHost,
      AIRFLOW__METRICS__STATSD_PORT: String(props.statsdPort),
      AIRFLOW__METRICS__STATSD_PREFIX: 'airflow',
      AIRFLOW__LOGGING__COLORED_CONSOLE_LOG: 'False',
      // One JSON object per line, which Fluentd parses without a multiline rule.
      AIRFLOW__LOGGING__JSON_LOGS: 'True',
      // DAG parsing logs go to stdout (and from there through Fluentd to Elasticsearch) instead of files
      // that would grow without bound in the dag-processor's emptyDir.
      AIRFLOW__LOGGING__DAG_PROCESSOR_LOG_TARGET: 'stdout',
      AIRFLOW__DATABASE__SQL_ALCHEMY_POOL_SIZE: '5',
      AIRFLOW__DATABASE__SQL_ALCHEMY_MAX_OVERFLOW: '5',
      AIRFLOW__DATABASE__SQL_ALCHEMY_POOL_RECYCLE: '1800',
      AIRFLOW__DATABASE__SQL_ALCHEMY_POOL_PRE_PING: 'True',
      ...Object.fromEntries(Object.entries(props.variables).map(([key, value]) => [variableEnvName(key), value])),
    };
    this.checksum = crypto.createHash('sha256').update(JSON.stringify(this.settings)).digest('hex');
    new kplus.k8s.KubeConfigMap(this, 'Resource', {
      metadata: objectMeta(this, this.configMapName, props.identity),
      data: this.settings,
    });
  }

  /** The shared ConfigMap as `envFrom`. */
  get envFrom(): kplus.k8s.EnvFromSource[] {
    return [{ configMapRef: { name: this.configMapName } }];
  }

  /** The metadata database URL, assembled by Kubernetes from the sealed credentials (`$(VAR)` expansion). */
  get databaseEnv(): kplus.k8s.EnvVar[] {
    const { secrets, databaseHost, databasePort, databaseName } = this.props;
    const k = AIRFLOW_SECRET_KEYS;
    return [
      secretEnv(secrets.metadataDatabase, k.databaseUser, 'AIRFLOW_DB_USER'),
      secretEnv(secrets.metadataDatabase, k.databasePassword, 'AIRFLOW_DB_PASSWORD'),
      {
        name: 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN',
        value: `postgresql+psycopg2://$(AIRFLOW_DB_USER):$(AIRFLOW_DB_PASSWORD)@${databaseHost}:${databasePort}/${databaseName}`,
      },
    ];
  }

  /** The Fernet key (processes that read or write encrypted connections and variables in the database). */
  get fernetEnv(): kplus.k8s.EnvVar[] {
    return [secretEnv(this.props.secrets.core, AIRFLOW_SECRET_KEYS.fernetKey, 'AIRFLOW__CORE__FERNET_KEY')];
  }

  /** The JWT secret: only the scheduler (signs task tokens) and the api-server (checks them) hold it. */
  get jwtEnv(): kplus.k8s.EnvVar[] {
    return [secretEnv(this.props.secrets.core, AIRFLOW_SECRET_KEYS.jwtSecret, 'AIRFLOW__API_AUTH__JWT_SECRET')];
  }

  /** The UI session key (api-server only; identical on every replica). */
  get apiSecretKeyEnv(): kplus.k8s.EnvVar[] {
    return [secretEnv(this.props.secrets.core, AIRFLOW_SECRET_KEYS.apiSecretKey, 'AIRFLOW__API__SECRET_KEY')];
  }

  /** Every pipeline connection as AIRFLOW_CONN_* (scheduler, dag-processor, triggerer and task pods). */
  get connectionEnv(): kplus.k8s.EnvVar[] {
    return this.props.connections.map((c) => secretEnv(this.props.secrets.connections, connectionEnvName(c.connId)));
  }
}

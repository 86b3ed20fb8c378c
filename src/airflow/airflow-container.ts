import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { AIRFLOW_USER } from '../config/airflow';
import { ContainerImage } from '../config/images';
import { buildContainer, ContainerPortSpec, ContainerProbes } from '../foundation/containers';
import { emptyDirVolume, PodUser } from '../foundation/pods';
import { execProbe, ProbeTiming } from '../foundation/probes';
import { ComputeResources } from '../foundation/resources';
import type { AirflowComponentContext } from './component-context';
import { AIRFLOW_PATHS, AirflowEnvironment } from './environment';

/** Airflow processes run as the image's user (uid 50000) in the root group, which owns the writable volumes. */
export const AIRFLOW_POD_USER: PodUser = { runAsUser: AIRFLOW_USER.uid, runAsGroup: AIRFLOW_USER.gid, fsGroup: AIRFLOW_USER.gid };

/** Volume names every Airflow pod has. */
export const AIRFLOW_VOLUME_NAMES = { home: 'airflow-home', tmp: 'tmp', dags: 'dags' } as const;

/**
 * The writable places of an Airflow container with a read-only root filesystem: AIRFLOW_HOME (Airflow
 * writes airflow.cfg, the simple auth manager's password file and local logs there) and /tmp.
 */
export function airflowScratchVolumes(): kplus.k8s.Volume[] {
  return [emptyDirVolume(AIRFLOW_VOLUME_NAMES.home, 512), emptyDirVolume(AIRFLOW_VOLUME_NAMES.tmp, 256)];
}

function scratchMounts(): kplus.k8s.VolumeMount[] {
  return [
    { name: AIRFLOW_VOLUME_NAMES.home, mountPath: AIRFLOW_PATHS.home },
    { name: AIRFLOW_VOLUME_NAMES.tmp, mountPath: '/tmp' },
  ];
}

/** The DAGs volume (git-sync's root) as Airflow containers mount it: read-only. */
export function dagsMount(): kplus.k8s.VolumeMount {
  return { name: AIRFLOW_VOLUME_NAMES.dags, mountPath: AIRFLOW_PATHS.dags, readOnly: true };
}

export interface AirflowContainerOptions {
  readonly name: string;
  readonly image: ContainerImage;
  readonly environment: AirflowEnvironment;
  /** Arguments to the image's entrypoint, e.g. `['airflow', 'scheduler']`. */
  readonly args?: string[];
  /** Replaces the entrypoint (for one-off helpers). */
  readonly command?: string[];
  /** Secret-backed and component-specific variables, after the shared ConfigMap. */
  readonly env?: kplus.k8s.EnvVar[];
  readonly resources: ComputeResources;
  readonly probes?: ContainerProbes;
  readonly ports?: ContainerPortSpec[];
  readonly volumeMounts?: kplus.k8s.VolumeMount[];
}

/** An Airflow container: shared configuration, AIRFLOW_HOME and /tmp writable, everything else read-only. */
export function airflowContainer(scope: IConstruct, options: AirflowContainerOptions): kplus.k8s.Container {
  return buildContainer(scope, {
    name: options.name,
    image: options.image,
    command: options.command,
    args: options.args,
    envFrom: options.environment.envFrom,
    env: options.env,
    resources: options.resources,
    probes: options.probes,
    ports: options.ports,
    volumeMounts: [...scratchMounts(), ...(options.volumeMounts ?? [])],
  });
}

/**
 * `airflow jobs check` for this pod's own job (`--local`), through the image's entrypoint with its
 * database wait turned off, as a liveness or startup probe.
 */
export function jobsCheckProbe(jobType: 'SchedulerJob' | 'TriggererJob' | 'DagProcessorJob', timing: ProbeTiming): kplus.k8s.Probe {
  return execProbe(['sh', '-c',
    `CONNECTION_CHECK_MAX_COUNT=0 AIRFLOW__LOGGING__LOGGING_LEVEL=ERROR exec /entrypoint airflow jobs check --job-type ${jobType} --local`,
  ], timing);
}

/** How long a component waits for the migration Job before its init container fails (and is retried). */
export const MIGRATION_WAIT_SECONDS = 600;

/**
 * The init container that holds a component until `airflow db migrate` has brought the schema to this
 * image's version: no component ever runs against an old schema, and no Helm hook is needed.
 */
export function waitForMigrationsContainer(scope: IConstruct, context: Pick<AirflowComponentContext, 'image' | 'environment' | 'initResources'>): kplus.k8s.Container {
  return airflowContainer(scope, {
    name: 'wait-for-migrations',
    image: context.image,
    environment: context.environment,
    args: ['airflow', 'db', 'check-migrations', `--migration-wait-timeout=${MIGRATION_WAIT_SECONDS}`],
    env: context.environment.databaseEnv,
    resources: context.initResources,
  });
}

/** Why Airflow containers take credentials as environment variables (checkov CKV_K8S_35). */
export const SECRETS_AS_ENV_REASON = 'Airflow reads its keys, database URL and connections from environment variables (AIRFLOW__*, AIRFLOW_CONN_*); '
  + 'the values come from sealed secrets through secretKeyRef and never appear in a manifest';

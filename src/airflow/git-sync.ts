import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { AIRFLOW_PORTS } from '../config/airflow';
import { ContainerImage } from '../config/images';
import { buildContainer } from '../foundation/containers';
import { emptyDirVolume } from '../foundation/pods';
import { httpProbe } from '../foundation/probes';
import { ComputeResources } from '../foundation/resources';
import { SealedSecretRef, secretVolume } from '../secrets/sealed-secret-ref';
import { AIRFLOW_VOLUME_NAMES } from './airflow-container';
import { AIRFLOW_PATHS } from './environment';
import { AIRFLOW_SECRET_KEYS } from './secrets';

/** The git-sync image's own user and group (`USER 65533:65533`). */
export const GIT_SYNC_USER = { uid: 65533, gid: 65533 } as const;

/** git-sync's root inside its container, and the link to the current checkout below it. */
const ROOT = '/git';
const LINK = 'repo';
const CREDENTIALS_DIR = '/etc/git-secret';
const CREDENTIALS_VOLUME = 'git-sync-credentials';
const SCRATCH_VOLUME = 'git-sync-tmp';

export interface GitSyncSettings {
  /** SSH URL of the DAG repository, e.g. `git@github.com:acme/pipeline-dags.git`. */
  readonly repo: string;
  /** Branch, tag or commit. */
  readonly ref: string;
  /** Folder of the repository that holds the DAGs ('' for the root). */
  readonly subPath: string;
  readonly periodSeconds: number;
  readonly image: ContainerImage;
  readonly resources: ComputeResources;
  /** The sealed secret with the deploy key and known_hosts. */
  readonly credentials: SealedSecretRef;
}

/**
 * git-sync v4 for the DAGs: a native sidecar that keeps the checkout current (the Airflow container
 * starts only after the first sync, and later syncs swap the `repo` link atomically, so new DAGs
 * appear without a restart), or a one-shot init container for task pods. SSH with host-key
 * verification always on: the key and known_hosts come from the sealed secret.
 */
export class GitSync {
  /** `core.dags_folder` of Airflow containers that mount the volume at /opt/airflow/dags. */
  readonly dagsFolder: string;

  constructor(private readonly settings: GitSyncSettings) {
    const sub = settings.subPath.replace(/^\/+|\/+$/g, '');
    this.dagsFolder = [AIRFLOW_PATHS.dags, LINK, ...(sub ? [sub] : [])].join('/');
  }

  /** Volumes of a pod with git-sync: the DAGs (an emptyDir git-sync fills), its credentials and its scratch space. */
  volumes(): kplus.k8s.Volume[] {
    const k = AIRFLOW_SECRET_KEYS;
    return [
      emptyDirVolume(AIRFLOW_VOLUME_NAMES.dags, 256),
      secretVolume(this.settings.credentials, CREDENTIALS_VOLUME, [{ key: k.gitSshKey, path: 'ssh' }, { key: k.gitKnownHosts, path: 'known_hosts' }]),
      emptyDirVolume(SCRATCH_VOLUME, 64),
    ];
  }

  /** The long-running sidecar (an init container with restartPolicy Always) with its HTTP health endpoint as probes. */
  sidecar(scope: IConstruct): kplus.k8s.Container {
    const portName = 'git-sync';
    return buildContainer(scope, {
      ...this.common(),
      name: 'git-sync',
      env: [
        ...this.env(),
        { name: 'GITSYNC_PERIOD', value: `${this.settings.periodSeconds}s` },
        // Three failed syncs in a row exit the container, so a broken key or repository shows as restarts.
        { name: 'GITSYNC_MAX_FAILURES', value: '3' },
        { name: 'GITSYNC_HTTP_BIND', value: `:${AIRFLOW_PORTS.gitSyncHttp}` },
      ],
      ports: [{ name: portName, port: AIRFLOW_PORTS.gitSyncHttp }],
      probes: {
        // 200 once the first sync is done: the Airflow container starts after it.
        startup: httpProbe('/', portName, { periodSeconds: 5, failureThreshold: 60 }),
        liveness: httpProbe('/', portName, { periodSeconds: 30, failureThreshold: 3 }),
        readiness: httpProbe('/', portName, { periodSeconds: 30 }),
      },
      restartPolicy: 'Always',
    });
  }

  /** The one-shot init container of task pods: one sync, then the task runs on that checkout. */
  initContainer(scope: IConstruct): kplus.k8s.Container {
    return buildContainer(scope, {
      ...this.common(),
      name: 'git-sync-init',
      env: [...this.env(), { name: 'GITSYNC_ONE_TIME', value: 'true' }, { name: 'GITSYNC_MAX_FAILURES', value: '2' }],
    });
  }

  private common() {
    return {
      image: this.settings.image,
      resources: this.settings.resources,
      runAsUser: GIT_SYNC_USER.uid,
      runAsGroup: GIT_SYNC_USER.gid,
      volumeMounts: [
        { name: AIRFLOW_VOLUME_NAMES.dags, mountPath: ROOT },
        { name: CREDENTIALS_VOLUME, mountPath: CREDENTIALS_DIR, readOnly: true },
        // HOME is /tmp in the image: git writes its config there.
        { name: SCRATCH_VOLUME, mountPath: '/tmp' },
      ],
    };
  }

  private env(): kplus.k8s.EnvVar[] {
    return [
      { name: 'GITSYNC_REPO', value: this.settings.repo },
      { name: 'GITSYNC_REF', value: this.settings.ref },
      { name: 'GITSYNC_ROOT', value: ROOT },
      { name: 'GITSYNC_LINK', value: LINK },
      { name: 'GITSYNC_DEPTH', value: '1' },
      { name: 'GITSYNC_SSH', value: 'true' },
      { name: 'GITSYNC_SSH_KEY_FILE', value: `${CREDENTIALS_DIR}/ssh` },
      { name: 'GITSYNC_SSH_KNOWN_HOSTS', value: 'true' },
      { name: 'GITSYNC_SSH_KNOWN_HOSTS_FILE', value: `${CREDENTIALS_DIR}/known_hosts` },
    ];
  }
}

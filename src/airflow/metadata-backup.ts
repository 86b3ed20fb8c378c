import { Construct } from 'constructs';
import { ContainerImage } from '../config/images';
import { checkovSkips } from '../policy/checkov-skips';
import { buildContainer } from '../foundation/containers';
import { requireThat } from '../foundation/errors';
import { PersistentVolume } from '../foundation/persistent-volumes';
import { buildPodTemplate, emptyDirVolume } from '../foundation/pods';
import { ComputeResources } from '../foundation/resources';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { createCronJob } from '../foundation/workloads';
import { secretEnv } from '../secrets/sealed-secret-ref';
import { airflowIdentity } from './component-context';
import { MetadataDatabase, POSTGRES_SECRETS_AS_ENV_REASON, POSTGRES_USER } from './metadata-database';
import { AIRFLOW_SECRET_KEYS, AirflowSecrets } from './secrets';

export interface MetadataBackupProps {
  readonly image: ContainerImage;
  readonly resources: ComputeResources;
  readonly database: MetadataDatabase;
  readonly secrets: AirflowSecrets;
  readonly volume: PersistentVolume;
  readonly schedule: string;
  /** Dumps older than this many days are deleted after a successful dump. */
  readonly retentionDays: number;
}

/** Folder of the Airflow dumps on the backup volume. */
export const METADATA_BACKUP_DIRECTORY = '/backups/airflow-metadata';

/**
 * Seed task 14: a nightly `pg_dump` (custom format, restorable with `pg_restore`) of the metadata
 * database onto the platform's backup volume, keeping `retentionDays` days. The procedure to restore
 * is docs/runbooks/airflow-metadata-restore.md.
 */
export class MetadataBackup extends Construct {
  constructor(scope: Construct, id: string, props: MetadataBackupProps) {
    super(scope, id);
    requireThat(this, Number.isInteger(props.retentionDays) && props.retentionDays >= 1, props.retentionDays,
      'is not a valid backup retention in days', 'keep at least one day of dumps, e.g. 7');
    const identity = airflowIdentity('metadata-backup');
    const account = new WorkloadServiceAccount(this, 'service-account', { name: 'airflow-metadata-backup', identity });
    const k = AIRFLOW_SECRET_KEYS;
    const script = [
      'set -eu',
      `mkdir -p ${METADATA_BACKUP_DIRECTORY}`,
      `target=${METADATA_BACKUP_DIRECTORY}/airflow-$(date -u +%Y%m%dT%H%M%SZ).dump`,
      // Write to a temporary name first, so a failed dump never looks like a good one.
      'pg_dump --format=custom --no-owner --file="$target.partial" && mv "$target.partial" "$target"',
      `find ${METADATA_BACKUP_DIRECTORY} -name 'airflow-*.dump' -mtime +${props.retentionDays - 1} -delete`,
      'ls -l ' + METADATA_BACKUP_DIRECTORY,
    ].join('\n');
    const container = buildContainer(this, {
      name: 'pg-dump',
      image: props.image,
      command: ['sh', '-c', script],
      env: [
        { name: 'PGHOST', value: props.database.host },
        { name: 'PGPORT', value: String(props.database.port) },
        { name: 'PGDATABASE', value: props.database.databaseName },
        secretEnv(props.secrets.metadataDatabase, k.databaseUser, 'PGUSER'),
        secretEnv(props.secrets.metadataDatabase, k.databasePassword, 'PGPASSWORD'),
      ],
      resources: props.resources,
      volumeMounts: [{ name: 'backups', mountPath: '/backups' }, { name: 'tmp', mountPath: '/tmp' }],
    });
    createCronJob(this, 'cronjob', {
      name: 'airflow-metadata-backup',
      annotations: checkovSkips({ CKV_K8S_35: POSTGRES_SECRETS_AS_ENV_REASON }),
      identity,
      schedule: props.schedule,
      template: buildPodTemplate({
        identity,
        serviceAccountName: account.name,
        automountServiceAccountToken: false,
        user: POSTGRES_USER,
        containers: [container],
        volumes: [props.volume.asVolume('backups'), emptyDirVolume('tmp', 64)],
        restartPolicy: 'Never',
      }),
    });
  }
}

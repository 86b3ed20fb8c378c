import { Construct } from 'constructs';
import { buildPodTemplate } from '../foundation/pods';
import { ComputeResources } from '../foundation/resources';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { createJob } from '../foundation/workloads';
import { AIRFLOW_POD_USER, airflowContainer, airflowScratchVolumes, SECRETS_AS_ENV_REASON } from './airflow-container';
import { checkovSkips } from '../policy/checkov-skips';
import { AirflowComponentContext, airflowIdentity } from './component-context';

export interface MigrationJobProps {
  readonly context: AirflowComponentContext;
  readonly resources: ComputeResources;
}

/**
 * `airflow db migrate` as a plain Job (no Helm hook): idempotent, so re-running it on an up-to-date
 * schema does nothing. Its name carries the Airflow version, so an upgrade creates a new Job (a Job's
 * pod template cannot change in place) while re-applying the same version leaves the finished one be.
 * Every component waits in `airflow db check-migrations` until it has run.
 */
export class MigrationJob extends Construct {
  readonly jobName: string;

  constructor(scope: Construct, id: string, props: MigrationJobProps) {
    super(scope, id);
    const { context } = props;
    const identity = airflowIdentity('db-migrations');
    const env = context.environment;
    // A Job's pod template is immutable: the name carries the image version and a hash of the shared
    // configuration, so a changed configuration is a new Job (migrations are idempotent) instead of a
    // failed re-apply of the old one.
    this.jobName = `airflow-db-migrate-${context.image.tag.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${env.checksum.slice(0, 8)}`;
    const account = new WorkloadServiceAccount(this, 'service-account', { name: 'airflow-db-migrations', identity });
    const container = airflowContainer(this, {
      name: 'migrate',
      image: context.image,
      environment: env,
      args: ['airflow', 'db', 'migrate'],
      env: [...env.databaseEnv, ...env.fernetEnv],
      resources: props.resources,
    });
    createJob(this, 'job', {
      name: this.jobName,
      annotations: checkovSkips({ CKV_K8S_35: SECRETS_AS_ENV_REASON }),
      identity,
      // The database may still be starting: Kubernetes retries with exponential back-off (10 s, 20 s, … ~10 min in all).
      backoffLimit: 6,
      // Kept a day after it finishes, so `kubectl logs job/…` still answers after a failed rollout.
      ttlSecondsAfterFinished: 86400,
      template: buildPodTemplate({
        identity,
        serviceAccountName: account.name,
        automountServiceAccountToken: false,
        user: AIRFLOW_POD_USER,
        containers: [container],
        volumes: airflowScratchVolumes(),
        restartPolicy: 'Never',
      }),
    });
  }
}

import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { buildPodTemplate } from '../foundation/pods';
import { ComputeResources } from '../foundation/resources';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { createCronJob } from '../foundation/workloads';
import { AIRFLOW_POD_USER, airflowContainer, airflowScratchVolumes, SECRETS_AS_ENV_REASON } from './airflow-container';
import { checkovSkips } from '../policy/checkov-skips';
import { AirflowComponentContext, airflowIdentity } from './component-context';

export interface CleanupCronJobProps {
  readonly context: AirflowComponentContext;
  readonly resources: ComputeResources;
  readonly schedule: string;
}

/**
 * Removes finished task pods the executor kept: successful pods are deleted at once, failed ones are
 * kept for debugging until this runs (`airflow kubernetes cleanup-pods`).
 */
export class CleanupCronJob extends Construct {
  readonly serviceAccount: WorkloadServiceAccount;

  constructor(scope: Construct, id: string, props: CleanupCronJobProps) {
    super(scope, id);
    const { context } = props;
    const identity = airflowIdentity('pod-cleanup');
    const env = context.environment;
    this.serviceAccount = new WorkloadServiceAccount(this, 'service-account', { name: 'airflow-pod-cleanup', identity });
    const container = airflowContainer(this, {
      name: 'cleanup-pods',
      image: context.image,
      environment: env,
      args: ['airflow', 'kubernetes', 'cleanup-pods', `--namespace=${Chart.of(this).namespace}`],
      env: env.databaseEnv,
      resources: props.resources,
    });
    createCronJob(this, 'cronjob', {
      name: 'airflow-cleanup-pods',
      annotations: checkovSkips({ CKV_K8S_35: SECRETS_AS_ENV_REASON, CKV_K8S_38: 'airflow kubernetes cleanup-pods lists and deletes finished task pods through the Kubernetes API' }),
      identity,
      schedule: props.schedule,
      template: buildPodTemplate({
        identity,
        serviceAccountName: this.serviceAccount.name,
        automountServiceAccountToken: true,
        user: AIRFLOW_POD_USER,
        containers: [container],
        volumes: airflowScratchVolumes(),
        restartPolicy: 'Never',
      }),
    });
  }
}

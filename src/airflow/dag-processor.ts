import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { buildPodTemplate } from '../foundation/pods';
import { ComputeResources } from '../foundation/resources';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { createDeployment } from '../foundation/workloads';
import { AIRFLOW_POD_USER, airflowContainer, airflowScratchVolumes, dagsMount, jobsCheckProbe, waitForMigrationsContainer, SECRETS_AS_ENV_REASON } from './airflow-container';
import { checkovSkips } from '../policy/checkov-skips';
import { AirflowComponentContext, airflowIdentity } from './component-context';

export interface DagProcessorProps {
  readonly context: AirflowComponentContext;
  readonly resources: ComputeResources;
}

/**
 * The standalone DAG processor (Airflow 3 parses DAG files only here) with git-sync as a native
 * sidecar: it parses the synced checkout, records import errors (surfaced by the
 * `dag_processing.import_errors` metric and the AirflowDagImportErrors alert) and picks up new
 * commits without a restart.
 */
export class DagProcessor extends Construct {
  readonly serviceAccount: WorkloadServiceAccount;
  readonly deployment: kplus.k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: DagProcessorProps) {
    super(scope, id);
    const { context } = props;
    const identity = airflowIdentity('dag-processor');
    const env = context.environment;
    this.serviceAccount = new WorkloadServiceAccount(this, 'service-account', { name: 'airflow-dag-processor', identity });
    const container = airflowContainer(this, {
      name: 'dag-processor',
      image: context.image,
      environment: env,
      args: ['airflow', 'dag-processor'],
      env: [...env.databaseEnv, ...env.fernetEnv, ...env.connectionEnv],
      resources: props.resources,
      probes: {
        liveness: jobsCheckProbe('DagProcessorJob', { periodSeconds: 60, timeoutSeconds: 20, failureThreshold: 5, initialDelaySeconds: 30 }),
        // Nothing routes traffic to it; readiness only reports the heartbeat, so it is checked rarely (each check starts Python).
        readiness: jobsCheckProbe('DagProcessorJob', { periodSeconds: 120, timeoutSeconds: 20, failureThreshold: 3, initialDelaySeconds: 30 }),
      },
      volumeMounts: [dagsMount()],
    });
    this.deployment = createDeployment(this, 'deployment', {
      name: 'airflow-dag-processor',
      annotations: checkovSkips({ CKV_K8S_35: SECRETS_AS_ENV_REASON }),
      identity,
      strategy: 'Recreate',
      template: buildPodTemplate({
        identity,
        serviceAccountName: this.serviceAccount.name,
        automountServiceAccountToken: false,
        user: AIRFLOW_POD_USER,
        initContainers: [
          waitForMigrationsContainer(this, context),
          context.gitSync.sidecar(this),
        ],
        containers: [container],
        volumes: [...context.gitSync.volumes(), ...airflowScratchVolumes()],
        annotations: context.podAnnotations,
      }),
    });
  }
}

import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AIRFLOW_PORTS } from '../config/airflow';
import { buildPodTemplate } from '../foundation/pods';
import { tcpProbe } from '../foundation/probes';
import { ComputeResources } from '../foundation/resources';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { createDeployment } from '../foundation/workloads';
import { AIRFLOW_POD_USER, airflowContainer, airflowScratchVolumes, dagsMount, jobsCheckProbe, waitForMigrationsContainer, SECRETS_AS_ENV_REASON } from './airflow-container';
import { checkovSkips } from '../policy/checkov-skips';
import { AirflowComponentContext, airflowIdentity } from './component-context';

export interface TriggererProps {
  readonly context: AirflowComponentContext;
  readonly resources: ComputeResources;
}

/**
 * The triggerer runs deferred tasks' triggers (a Deployment: its logs go to stdout, so it needs no
 * volume). It gets the DAG checkout through git-sync, for triggers defined in the DAG repository.
 */
export class Triggerer extends Construct {
  readonly serviceAccount: WorkloadServiceAccount;
  readonly deployment: kplus.k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: TriggererProps) {
    super(scope, id);
    const { context } = props;
    const identity = airflowIdentity('triggerer');
    const env = context.environment;
    this.serviceAccount = new WorkloadServiceAccount(this, 'service-account', { name: 'airflow-triggerer', identity });
    const container = airflowContainer(this, {
      name: 'triggerer',
      image: context.image,
      environment: env,
      args: ['airflow', 'triggerer'],
      env: [
        ...env.databaseEnv, ...env.fernetEnv, ...env.connectionEnv,
        // The log server on `logs` signs and checks the api-server's log requests with [api] secret_key,
        // and the api-server reaches it at the hostname the triggerer registers: its pod IP (a
        // Deployment's pod name does not resolve in DNS).
        ...env.apiSecretKeyEnv,
        { name: 'AIRFLOW__CORE__HOSTNAME_CALLABLE', value: 'airflow.utils.net.get_host_ip_address' },
      ],
      ports: [{ name: 'logs', port: AIRFLOW_PORTS.triggererLogs }],
      resources: props.resources,
      probes: {
        liveness: jobsCheckProbe('TriggererJob', { periodSeconds: 60, timeoutSeconds: 20, failureThreshold: 5, initialDelaySeconds: 30 }),
        readiness: tcpProbe('logs', { periodSeconds: 15 }),
      },
      volumeMounts: [dagsMount()],
    });
    this.deployment = createDeployment(this, 'deployment', {
      name: 'airflow-triggerer',
      annotations: checkovSkips({ CKV_K8S_35: SECRETS_AS_ENV_REASON, CKV_K8S_38: 'triggers of the Kubernetes provider watch task pods through the Kubernetes API' }),
      identity,
      template: buildPodTemplate({
        identity,
        serviceAccountName: this.serviceAccount.name,
        // Triggers of the Kubernetes provider watch pods (deferrable KubernetesPodOperator).
        automountServiceAccountToken: true,
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

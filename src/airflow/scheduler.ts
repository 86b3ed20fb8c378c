import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AIRFLOW_PORTS } from '../config/airflow';
import { buildPodTemplate } from '../foundation/pods';
import { httpProbe } from '../foundation/probes';
import { ComputeResources } from '../foundation/resources';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { createDeployment } from '../foundation/workloads';
import { AIRFLOW_POD_USER, airflowContainer, airflowScratchVolumes, jobsCheckProbe, waitForMigrationsContainer, SECRETS_AS_ENV_REASON } from './airflow-container';
import { checkovSkips } from '../policy/checkov-skips';
import { AirflowComponentContext, airflowIdentity } from './component-context';
import { AIRFLOW_PATHS } from './environment';
import { WorkerPodTemplate } from './pod-template';

export interface SchedulerProps {
  readonly context: AirflowComponentContext;
  readonly resources: ComputeResources;
  readonly podTemplate: WorkerPodTemplate;
  /** Annotations that roll the scheduler together with the api-server when the JWT secret changes. */
  readonly jwtAnnotations: Record<string, string>;
}

/**
 * The scheduler with the KubernetesExecutor: it launches each task as a pod from the pod template and
 * signs the task's Execution API token with the JWT secret it shares with the api-server.
 */
export class Scheduler extends Construct {
  readonly serviceAccount: WorkloadServiceAccount;
  readonly deployment: kplus.k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: SchedulerProps) {
    super(scope, id);
    const { context } = props;
    const identity = airflowIdentity('scheduler');
    this.serviceAccount = new WorkloadServiceAccount(this, 'service-account', { name: 'airflow-scheduler', identity });
    const env = context.environment;
    const container = airflowContainer(this, {
      name: 'scheduler',
      image: context.image,
      environment: env,
      args: ['airflow', 'scheduler'],
      env: [
        ...env.databaseEnv, ...env.fernetEnv, ...env.jwtEnv, ...env.connectionEnv,
        { name: 'AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK', value: 'True' },
        { name: 'AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT', value: String(AIRFLOW_PORTS.schedulerHealth) },
      ],
      ports: [{ name: 'health', port: AIRFLOW_PORTS.schedulerHealth }],
      resources: props.resources,
      probes: {
        startup: jobsCheckProbe('SchedulerJob', { periodSeconds: 10, timeoutSeconds: 20, failureThreshold: 30 }),
        liveness: jobsCheckProbe('SchedulerJob', { periodSeconds: 60, timeoutSeconds: 20, failureThreshold: 5 }),
        // The health server answers from the scheduler's own heartbeat, without starting a Python process per probe.
        readiness: httpProbe('/health', 'health', { periodSeconds: 15 }),
      },
      volumeMounts: [{ name: 'pod-template', mountPath: AIRFLOW_PATHS.podTemplateDirectory, readOnly: true }],
    });
    this.deployment = createDeployment(this, 'deployment', {
      name: 'airflow-scheduler',
      annotations: checkovSkips({ CKV_K8S_35: SECRETS_AS_ENV_REASON, CKV_K8S_38: 'the KubernetesExecutor creates, watches and deletes task pods through the Kubernetes API' }),
      identity,
      // One scheduler: a second one would need its own share of the capacity budget.
      strategy: 'Recreate',
      template: buildPodTemplate({
        identity,
        serviceAccountName: this.serviceAccount.name,
        // The executor calls the Kubernetes API to launch and watch task pods.
        automountServiceAccountToken: true,
        user: AIRFLOW_POD_USER,
        initContainers: [waitForMigrationsContainer(this, context)],
        containers: [container],
        volumes: [...airflowScratchVolumes(), { name: 'pod-template', configMap: { name: props.podTemplate.configMapName } }],
        annotations: { ...context.podAnnotations, ...props.jwtAnnotations, 'pipeline-ops/pod-template-checksum': props.podTemplate.checksum },
        terminationGracePeriodSeconds: 60,
      }),
    });
  }
}

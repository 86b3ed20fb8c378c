import * as crypto from 'node:crypto';
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ComputeResources } from '../foundation/resources';
import { objectMeta } from '../foundation/metadata';
import { buildPodTemplate } from '../foundation/pods';
import { AIRFLOW_POD_USER, airflowContainer, airflowScratchVolumes, dagsMount } from './airflow-container';
import { AirflowComponentContext, airflowIdentity } from './component-context';
import { POD_TEMPLATE_FILE_NAME } from './environment';

export interface WorkerPodTemplateProps {
  readonly context: AirflowComponentContext;
  readonly resources: ComputeResources;
  readonly serviceAccountName: string;
}

/**
 * The KubernetesExecutor's `pod_template_file`: every task pod is this pod with the task's command.
 * The executor merges its own container into the first one, which must be named `base`. The task pod
 * pulls the DAGs once (git-sync init container), reaches the api-server's Execution API (whose URL is in
 * the shared configuration), and gets the connections and variables (Airflow 3 resolves them in the
 * task pod) but neither the metadata database nor the JWT secret.
 */
export class WorkerPodTemplate extends Construct {
  readonly configMapName = 'airflow-pod-template';
  readonly fileName = POD_TEMPLATE_FILE_NAME;
  /** The pod as the executor reads it (for the tests). */
  readonly pod: Record<string, any>;
  readonly checksum: string;

  constructor(scope: Construct, id: string, props: WorkerPodTemplateProps) {
    super(scope, id);
    const { context } = props;
    const identity = airflowIdentity('worker');
    const base = airflowContainer(this, {
      name: 'base',
      image: context.image,
      environment: context.environment,
      env: [
        ...context.environment.connectionEnv,
        // Task pods hold no metadata database URL; the image's entrypoint would otherwise run `airflow db check` first.
        { name: 'CONNECTION_CHECK_MAX_COUNT', value: '0' },
      ],
      resources: props.resources,
      volumeMounts: [dagsMount()],
    });
    const template = buildPodTemplate({
      identity,
      serviceAccountName: props.serviceAccountName,
      // Task pods start pods of their own (dbt through KubernetesPodOperator, Spark through the Spark operator).
      automountServiceAccountToken: true,
      user: AIRFLOW_POD_USER,
      initContainers: [context.gitSync.initContainer(this)],
      containers: [base],
      volumes: [...context.gitSync.volumes(), ...airflowScratchVolumes()],
      restartPolicy: 'Never',
      annotations: context.podAnnotations,
    });
    this.pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'placeholder-name', namespace: Chart.of(this).namespace, ...template.metadata },
      spec: template.spec,
    };
    const text = stringify(JSON.parse(JSON.stringify(kplus.k8s.KubePod.manifest({ metadata: this.pod.metadata, spec: this.pod.spec }))));
    this.checksum = crypto.createHash('sha256').update(text).digest('hex');
    new kplus.k8s.KubeConfigMap(this, 'Resource', {
      metadata: objectMeta(this, this.configMapName, identity),
      data: { [this.fileName]: text },
    });
  }
}

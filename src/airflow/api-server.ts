import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AIRFLOW_PORTS } from '../config/airflow';
import { buildPodTemplate } from '../foundation/pods';
import { httpProbe } from '../foundation/probes';
import { ComputeResources } from '../foundation/resources';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { createDeployment, createService } from '../foundation/workloads';
import { secretEnv } from '../secrets/sealed-secret-ref';
import { AIRFLOW_POD_USER, airflowContainer, airflowScratchVolumes, waitForMigrationsContainer, SECRETS_AS_ENV_REASON } from './airflow-container';
import { checkovSkips } from '../policy/checkov-skips';
import { AIRFLOW_SERVICES, AirflowComponentContext, airflowIdentity } from './component-context';
import { AIRFLOW_PATHS } from './environment';
import { AIRFLOW_SECRET_KEYS, AirflowSecrets } from './secrets';

export interface ApiServerProps {
  readonly context: AirflowComponentContext;
  readonly resources: ComputeResources;
  readonly secrets: AirflowSecrets;
  /** uvicorn worker processes. */
  readonly workers: number;
  readonly nodePort: number;
  /** Annotations that roll the api-server together with the scheduler when the JWT secret changes. */
  readonly jwtAnnotations: Record<string, string>;
  /** Rolls the api-server when the admin password is re-sealed (the password file is written at start). */
  readonly adminAnnotations: Record<string, string>;
}

const HEALTH_PATH = '/api/v2/monitor/health';

/**
 * Airflow 3's api-server: the UI, the public REST API, and the Execution API task pods report to. It
 * checks task tokens with the JWT secret the scheduler signs them with. Login is the simple auth
 * manager's `admin` user, whose password comes from the sealed `airflow-admin` secret: an init
 * container writes it into the password file (which the auth manager needs writable) — no admin/admin,
 * no password printed to the log.
 */
export class ApiServer extends Construct {
  readonly serviceAccount: WorkloadServiceAccount;
  readonly deployment: kplus.k8s.KubeDeployment;
  /** The UI and API Service (NodePort, port `http`). */
  readonly service: kplus.k8s.KubeService;
  readonly serviceName = AIRFLOW_SERVICES.apiServer;
  readonly port = AIRFLOW_PORTS.apiServer;

  constructor(scope: Construct, id: string, props: ApiServerProps) {
    super(scope, id);
    const { context } = props;
    const identity = airflowIdentity('api-server');
    const env = context.environment;
    this.serviceAccount = new WorkloadServiceAccount(this, 'service-account', { name: 'airflow-api-server', identity });
    const passwordEnv = [
      secretEnv(props.secrets.admin, AIRFLOW_SECRET_KEYS.adminPassword, 'AIRFLOW_ADMIN_PASSWORD'),
      { name: 'AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE', value: AIRFLOW_PATHS.passwordsFile },
    ];
    const writePasswordFile = airflowContainer(this, {
      name: 'write-password-file',
      image: context.image,
      environment: env,
      command: ['python', '-c',
        'import json, os; open(os.environ["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"], "w").write(json.dumps({"admin": os.environ["AIRFLOW_ADMIN_PASSWORD"]}) + "\\n")'],
      env: passwordEnv,
      resources: context.initResources,
    });
    const container = airflowContainer(this, {
      name: 'api-server',
      image: context.image,
      environment: env,
      args: ['airflow', 'api-server'],
      env: [
        ...env.databaseEnv, ...env.fernetEnv, ...env.jwtEnv, ...env.apiSecretKeyEnv,
        // The password is only needed by the init container; the server reads the file.
        passwordEnv[1],
        { name: 'AIRFLOW__API__WORKERS', value: String(props.workers) },
      ],
      ports: [{ name: 'http', port: this.port }],
      resources: props.resources,
      probes: {
        startup: httpProbe(HEALTH_PATH, 'http', { periodSeconds: 10, timeoutSeconds: 20, failureThreshold: 30 }),
        readiness: httpProbe(HEALTH_PATH, 'http', { periodSeconds: 10, failureThreshold: 5 }),
        liveness: httpProbe(HEALTH_PATH, 'http', { periodSeconds: 10, failureThreshold: 5 }),
      },
    });
    this.deployment = createDeployment(this, 'deployment', {
      name: this.serviceName,
      annotations: checkovSkips({ CKV_K8S_35: SECRETS_AS_ENV_REASON, CKV_K8S_38: 'the UI reads the logs of running task pods through the Kubernetes API (pod-log-reader Role)' }),
      identity,
      template: buildPodTemplate({
        identity,
        serviceAccountName: this.serviceAccount.name,
        // Reads the logs of running task pods through the Kubernetes API.
        automountServiceAccountToken: true,
        user: AIRFLOW_POD_USER,
        initContainers: [
          waitForMigrationsContainer(this, context),
          writePasswordFile,
        ],
        containers: [container],
        volumes: airflowScratchVolumes(),
        annotations: { ...context.podAnnotations, ...props.jwtAnnotations, ...props.adminAnnotations },
      }),
    });
    this.service = createService(this, 'service', {
      name: this.serviceName,
      identity,
      type: 'NodePort',
      ports: [{ name: 'http', port: this.port, nodePort: props.nodePort }],
    });
  }
}

import { Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { AIRFLOW_PORTS } from '../config/airflow';
import { ContainerImage } from '../config/images';
import { checkovSkips } from '../policy/checkov-skips';
import { buildContainer } from '../foundation/containers';
import { volumeClaimTemplate } from '../foundation/persistent-volumes';
import { buildPodTemplate, emptyDirVolume, PodUser } from '../foundation/pods';
import { execProbe } from '../foundation/probes';
import { ComputeResources } from '../foundation/resources';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { createService, createStatefulSet } from '../foundation/workloads';
import { secretEnv } from '../secrets/sealed-secret-ref';
import { AIRFLOW_SERVICES, airflowIdentity, serviceHost } from './component-context';
import { AIRFLOW_SECRET_KEYS, AirflowSecrets } from './secrets';

/** Why the database credentials are environment variables (checkov CKV_K8S_35). */
export const POSTGRES_SECRETS_AS_ENV_REASON = 'the postgres image and libpq (pg_dump) read the role and password from environment variables; '
  + 'they come from the sealed secret through secretKeyRef and never appear in a manifest';

/** The Debian postgres image's `postgres` user. */
export const POSTGRES_USER: PodUser = { runAsUser: 999, runAsGroup: 999, fsGroup: 999 };

export interface MetadataDatabaseProps {
  readonly image: ContainerImage;
  readonly resources: ComputeResources;
  readonly storage: Size;
  readonly storageClassName?: string;
  readonly secrets: AirflowSecrets;
  readonly databaseName: string;
}

const DATA_DIR = '/var/lib/postgresql/data';

/**
 * PostgreSQL for Airflow's metadata: a one-replica StatefulSet whose volume is on the retained storage
 * class, credentials from the sealed secret, and a ClusterIP Service the Airflow processes connect to.
 */
export class MetadataDatabase extends Construct {
  readonly serviceName = AIRFLOW_SERVICES.postgres;
  readonly port = AIRFLOW_PORTS.postgres;
  readonly databaseName: string;
  /** In-cluster host name of the database. */
  readonly host: string;

  constructor(scope: Construct, id: string, props: MetadataDatabaseProps) {
    super(scope, id);
    const identity = airflowIdentity('postgresql');
    this.databaseName = props.databaseName;
    this.host = serviceHost(this.serviceName, Chart.of(this).namespace!);
    const account = new WorkloadServiceAccount(this, 'service-account', { name: 'airflow-postgresql', identity });
    const k = AIRFLOW_SECRET_KEYS;
    // sh -c so the probe reads the role from the container's environment.
    const ready = ['sh', '-c', 'exec pg_isready --host=127.0.0.1 --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" --quiet'];
    const container = buildContainer(this, {
      name: 'postgresql',
      image: props.image,
      // Sized for a 512Mi limit: the metadata database of one small Airflow.
      args: ['-c', 'shared_buffers=64MB', '-c', 'max_connections=120', '-c', 'work_mem=4MB'],
      env: [
        secretEnv(props.secrets.metadataDatabase, k.databaseUser, 'POSTGRES_USER'),
        secretEnv(props.secrets.metadataDatabase, k.databasePassword, 'POSTGRES_PASSWORD'),
        { name: 'POSTGRES_DB', value: props.databaseName },
        // A subdirectory, so initdb finds an empty folder even when the volume root holds lost+found.
        { name: 'PGDATA', value: `${DATA_DIR}/pgdata` },
      ],
      ports: [{ name: 'postgresql', port: this.port }],
      resources: props.resources,
      probes: {
        startup: execProbe(ready, { periodSeconds: 5, failureThreshold: 60 }),
        readiness: execProbe(ready, { periodSeconds: 10 }),
        liveness: execProbe(ready, { periodSeconds: 20, failureThreshold: 6 }),
      },
      volumeMounts: [
        { name: 'data', mountPath: DATA_DIR },
        { name: 'run', mountPath: '/var/run/postgresql' },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    });
    const headlessName = `${this.serviceName}-headless`;
    createService(this, 'headless', { name: headlessName, identity, headless: true, ports: [{ name: 'postgresql', port: this.port }] });
    createService(this, 'service', { name: this.serviceName, identity, ports: [{ name: 'postgresql', port: this.port }] });
    createStatefulSet(this, 'statefulset', {
      name: this.serviceName,
      annotations: checkovSkips({ CKV_K8S_35: POSTGRES_SECRETS_AS_ENV_REASON }),
      identity,
      serviceName: headlessName,
      template: buildPodTemplate({
        identity,
        serviceAccountName: account.name,
        automountServiceAccountToken: false,
        user: POSTGRES_USER,
        containers: [container],
        volumes: [emptyDirVolume('run', 16), emptyDirVolume('tmp', 128)],
        terminationGracePeriodSeconds: 60,
      }),
      volumeClaimTemplates: [volumeClaimTemplate(this, 'data', identity, props.storage, props.storageClassName)],
    });
  }
}

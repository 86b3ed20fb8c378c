import { ContainerImage } from '../config/images';
import { ComponentIdentity } from '../foundation/labels';
import { ComputeResources } from '../foundation/resources';
import { AirflowEnvironment } from './environment';
import { GitSync } from './git-sync';

/** `app.kubernetes.io/name` of every Airflow object. */
export const AIRFLOW_APP = 'airflow';

/** The identity of one part of the Airflow stack. */
export function airflowIdentity(component: string): ComponentIdentity {
  return { name: AIRFLOW_APP, component };
}

/** What every Airflow component shares, resolved once by the stack. */
export interface AirflowComponentContext {
  readonly image: ContainerImage;
  readonly environment: AirflowEnvironment;
  readonly gitSync: GitSync;
  /** Resources of the wait-for-migrations init container. */
  readonly initResources: ComputeResources;
  /** Pod annotations of every Airflow pod (the configuration checksum, which rolls them on change). */
  readonly podAnnotations: Record<string, string>;
}

/** Names of the stack's Services (contracts.md), known before the components exist. */
export const AIRFLOW_SERVICES = {
  apiServer: 'airflow-api-server',
  statsd: 'airflow-statsd',
  postgres: 'airflow-postgresql',
} as const;

/** In-cluster DNS name of a Service. */
export function serviceHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc.cluster.local`;
}

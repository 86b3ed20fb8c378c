import { Construct } from 'constructs';
import { grantNamespaced, PermissionRule, WorkloadServiceAccount } from '../foundation/rbac';
import { airflowIdentity } from './component-context';

/**
 * What the KubernetesExecutor needs to run task pods in its own namespace: create and watch them,
 * patch their labels (adoption), delete finished ones, read their logs and events.
 */
export const POD_LAUNCHER_RULES: PermissionRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
  { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
];

/** What the api-server needs to show the log of a running task pod. */
export const POD_LOG_READER_RULES: PermissionRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'list'] },
];

/** What `airflow kubernetes cleanup-pods` needs: find finished task pods and delete them. */
export const POD_CLEANUP_RULES: PermissionRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] },
];

export interface AirflowRbacProps {
  /** Accounts that launch task pods: the scheduler (executor), the triggerer when enabled, and task pods that start pods of their own. */
  readonly podLaunchers: WorkloadServiceAccount[];
  readonly logReaders: WorkloadServiceAccount[];
  readonly cleaners: WorkloadServiceAccount[];
}

/** The Airflow stack's Roles, all namespaced to `airflow`: nothing in the stack holds a cluster-wide permission. */
export class AirflowRbac extends Construct {
  constructor(scope: Construct, id: string, props: AirflowRbacProps) {
    super(scope, id);
    const identity = airflowIdentity('rbac');
    grantNamespaced(this, 'pod-launcher', {
      roleName: 'airflow-pod-launcher', identity, rules: POD_LAUNCHER_RULES, subjects: props.podLaunchers.map((a) => a.subject),
    });
    grantNamespaced(this, 'pod-log-reader', {
      roleName: 'airflow-pod-log-reader', identity, rules: POD_LOG_READER_RULES, subjects: props.logReaders.map((a) => a.subject),
    });
    grantNamespaced(this, 'pod-cleanup', {
      roleName: 'airflow-pod-cleanup', identity, rules: POD_CLEANUP_RULES, subjects: props.cleaners.map((a) => a.subject),
    });
  }
}

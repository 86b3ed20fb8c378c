import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { grantNamespaced } from '../foundation/rbac';
import { airflowIdentity } from './component-context';

export interface SparkSubmitAccessProps {
  /** Who submits: the Airflow task pods' account, `AirflowStack.workerServiceAccount.subject`. */
  readonly submitter: kplus.k8s.Subject;
}

/**
 * What the batch DAG's `spark_batch_job` needs in the Spark namespace: the SparkKubernetesOperator runs in
 * an Airflow task pod and, with the in-cluster `spark_kubernetes` connection, creates a SparkApplication
 * there, follows its driver pod and streams the driver's log. Spark and its operator run outside this
 * platform, so this Role lives in the chart of the Spark namespace (whoever owns it adds this construct);
 * Airflow's own namespace grants nothing there.
 */
export class SparkSubmitAccess extends Construct {
  readonly role: kplus.k8s.KubeRole;

  constructor(scope: Construct, id: string, props: SparkSubmitAccessProps) {
    super(scope, id);
    this.role = grantNamespaced(this, 'grant', {
      roleName: 'airflow-spark-submitter',
      identity: airflowIdentity('spark-submitter'),
      subjects: [props.submitter],
      rules: [
        { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications'], verbs: ['create', 'get', 'list', 'watch', 'patch', 'delete'] },
        { apiGroups: ['sparkoperator.k8s.io'], resources: ['sparkapplications/status'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
        { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] },
      ],
    });
  }
}

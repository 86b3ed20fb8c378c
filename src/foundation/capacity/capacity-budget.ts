import { Construct } from 'constructs';
import { synthesizedObjects } from '../manifests';
import { capacityReport, CapacityReport, renderCapacityTable } from './capacity-report';
import { ClusterCapacity, ClusterCapacityProps } from './cluster-capacity';

export type CapacityBudgetProps = ClusterCapacityProps;

/**
 * Holds the whole app to the cluster's capacity: at synth, every container's requests and limits are
 * summed (init containers by the Kubernetes rule, DaemonSets × the nodes they run on, Jobs and
 * CronJobs separately) and synth fails with the per-component table when the app does not fit.
 * Add one to the App (not to a chart), so it sees every chart.
 */
export class CapacityBudget extends Construct {
  readonly capacity: ClusterCapacity;

  constructor(scope: Construct, id: string, props: CapacityBudgetProps = {}) {
    super(scope, id);
    this.capacity = new ClusterCapacity(this, props);
    this.node.addValidation({
      validate: () => {
        const report = this.report();
        return report.violations.length
          ? [`the platform does not fit the cluster's capacity budget:\n${renderCapacityTable(report)}`]
          : [];
      },
    });
  }

  /** The budget of the app as it stands (every chart under the root). */
  report(): CapacityReport {
    return capacityReport(synthesizedObjects(this.node.root), this.capacity);
  }
}

import { alertsOverview } from './alerts-overview';
import { businessMetrics } from './business-metrics';
import { componentHealth } from './component-health';
import { DashboardDefinition } from './dashboard';
import { pipelineOverview } from './pipeline-overview';
import { platformResources } from './platform-resources';

export * from './dashboard';
export * from './panels';
export { alertsOverview, businessMetrics, componentHealth, pipelineOverview, platformResources };

/** The dashboards the platform provisions. */
export function platformDashboards(): DashboardDefinition[] {
  return [pipelineOverview(), componentHealth(), businessMetrics(), alertsOverview(), platformResources()];
}

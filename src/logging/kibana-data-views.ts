import { ApiSetupPlan } from './api-setup-script';
import { LogIndex } from './log-indices';

/**
 * Kibana data views for the log indices, created through Kibana's API once it is available. `override`
 * replaces a data view of the same title, so re-running the Job leaves exactly one of each.
 */
export function dataViewsPlan(indices: readonly LogIndex[]): ApiSetupPlan {
  return {
    title: 'Kibana data views for the log indices',
    waitFor: ['kibana'],
    requests: indices.map((index) => ({
      description: `data view ${index.pattern}`,
      target: 'kibana',
      method: 'POST',
      path: '/api/data_views/data_view',
      body: {
        override: true,
        data_view: { id: index.prefix, title: index.pattern, name: index.displayName, timeFieldName: '@timestamp', allowNoIndex: true },
      },
    })),
  };
}

import { PROCESSING_LAG_RECORD } from '../catalog/conventions';
import { THRESHOLDS } from '../catalog/thresholds';
import { defineDashboard, DashboardDefinition, FOLDERS } from './dashboard';
import { booleanMapping, stat, timeseries } from './panels';

/** The seed's Business Metrics: e-commerce KPIs, freshness of the critical ones, Lambda consistency. */
export function businessMetrics(): DashboardDefinition {
  const discrepancy = { value: THRESHOLDS.reconciliationDiscrepancyRatio, bad: 'above' as const };
  return defineDashboard({
    uid: 'business-metrics',
    title: 'Business Metrics',
    description: 'Conversion, revenue and active users; how fresh the critical KPIs are; whether the speed and batch layers agree.',
    folder: FOLDERS.business,
    tags: ['business', 'kpi'],
    rows: [
      {
        title: 'E-commerce KPIs',
        panels: [
          stat('Conversion rate (1h)', [{ expr: 'business:conversion:ratio_rate1h' }], { unit: 'percentunit', span: 6, height: 8 }),
          timeseries('Conversion rate', [{ expr: 'business:conversion:ratio_rate1h', legend: 'orders / sessions' }], { unit: 'percentunit', span: 18 }),
          timeseries('Revenue per hour', [{ expr: 'business:revenue_per_hour:rate1h', legend: '{{currency}}' }], { span: 12 }),
          timeseries('Active users', [{ expr: 'sum by (window) (business_active_users)', legend: '{{window}}' }], { span: 12 }),
        ],
      },
      {
        title: 'Data freshness',
        panels: [
          timeseries('Time since each critical KPI was recomputed', [{ expr: `${PROCESSING_LAG_RECORD}{source="business-metrics"}`, legend: '{{metric}}' }],
            { unit: 's', threshold: { value: THRESHOLDS.processingLagSeconds, bad: 'above' }, span: 16 }),
          stat('Batch data age', [{ expr: 'time() - max by (dag_id) (pipeline_batch_last_success_timestamp_seconds)', legend: '{{dag_id}}' }], { unit: 's', span: 8, height: 8 }),
        ],
      },
      {
        title: 'Lambda consistency',
        panels: [
          stat('Reconciliation status', [{ expr: `max(pipeline_reconciliation_discrepancy_ratio) <= bool ${THRESHOLDS.reconciliationDiscrepancyRatio}` }],
            { mappings: booleanMapping('CONSISTENT', 'DISCREPANCY'), span: 6, height: 8 }),
          stat('Speed vs batch discrepancy', [{ expr: 'max(pipeline_reconciliation_discrepancy_ratio)' }], { unit: 'percentunit', threshold: discrepancy, span: 6, height: 8 }),
          timeseries('Discrepancy by DAG', [{ expr: 'pipeline_reconciliation_discrepancy_ratio', legend: '{{dag_id}}' }], { unit: 'percentunit', threshold: discrepancy, span: 12 }),
        ],
      },
    ],
  });
}

import { ERROR_RATIO_RECORD, PROCESSING_LAG_RECORD } from '../catalog/conventions';
import { THRESHOLDS } from '../catalog/thresholds';
import { defineDashboard, DashboardDefinition, FOLDERS } from './dashboard';
import { booleanMapping, stat, timeseries } from './panels';

/** The seed's Pipeline Overview: ingestion rate, processing lag of both layers, data quality, system health. */
export function pipelineOverview(): DashboardDefinition {
  const lag = { value: THRESHOLDS.processingLagSeconds, bad: 'above' as const };
  const quality = { value: THRESHOLDS.dataQualityScoreRatio, bad: 'below' as const };
  return defineDashboard({
    uid: 'pipeline-overview',
    title: 'Pipeline Overview',
    description: 'Ingestion, processing lag of the speed and batch layers, data quality and the health of every component.',
    folder: FOLDERS.pipeline,
    tags: ['overview'],
    rows: [
      {
        title: 'Ingestion',
        panels: [
          timeseries('Ingestion rate (events/s)', [
            { expr: 'sum(kafka:topic_messages_in:rate5m)', legend: 'into Kafka' },
            { expr: 'sum by (component) (component:events_processed:rate5m)', legend: '{{component}} processed' },
          ], { unit: 'ops', span: 18 }),
          stat('Events into Kafka now', [{ expr: 'sum(kafka:topic_messages_in:rate5m)' }], { unit: 'ops', height: 8 }),
        ],
      },
      {
        title: 'Processing lag',
        panels: [
          timeseries('Processing lag by component', [{ expr: PROCESSING_LAG_RECORD, legend: '{{component}} {{layer}}{{metric}}' }], { unit: 's', threshold: lag, span: 12 }),
          stat('Speed layer lag', [{ expr: `max(${PROCESSING_LAG_RECORD}{layer="speed"})` }], { unit: 's', threshold: lag, height: 8 }),
          stat('Batch layer: time since last successful batch', [{ expr: 'time() - max(pipeline_batch_last_success_timestamp_seconds)' }], { unit: 's', height: 8 }),
        ],
      },
      {
        title: 'Data quality',
        panels: [
          stat('Data quality score', [{ expr: 'min(pipeline_data_quality_score_ratio)' }], { unit: 'percentunit', threshold: quality, height: 8 }),
          timeseries('Data quality score trend', [{ expr: 'pipeline_data_quality_score_ratio', legend: '{{dag_id}}' }], { unit: 'percentunit', threshold: quality, span: 18 }),
        ],
      },
      {
        title: 'System health',
        panels: [
          stat('Component status', [{ expr: 'max by (component) (up{component!=""})', legend: '{{component}}' }], { mappings: booleanMapping('UP', 'DOWN'), span: 24, height: 5 }),
          timeseries('Error ratio by component', [{ expr: ERROR_RATIO_RECORD, legend: '{{component}}' }], { unit: 'percentunit', threshold: { value: THRESHOLDS.errorRateRatio, bad: 'above' }, span: 8 }),
          timeseries('Node CPU and memory', [
            { expr: 'instance:node_cpu_utilisation:rate5m', legend: 'CPU {{node}}' },
            { expr: 'instance:node_memory_utilisation:ratio', legend: 'memory {{node}}' },
          ], { unit: 'percentunit', threshold: { value: THRESHOLDS.resourceUtilizationRatio, bad: 'above' }, min: 0, max: 1, span: 10 }),
          stat('Firing alerts', [{ expr: 'count(ALERTS{alertstate="firing", severity!="none"}) or vector(0)' }], { threshold: { value: 1, bad: 'above' }, span: 6, height: 8 }),
        ],
      },
    ],
  });
}

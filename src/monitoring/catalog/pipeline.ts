import { ERROR_RATIO_RECORD, metric, PROCESSING_LAG_RECORD } from './conventions';
import { ComponentMixin, MetricType } from './types';

/**
 * Metrics the pipeline's own services publish (the Kafka → ClickHouse speed-layer consumer and the
 * ingestion services), scraped through the `prometheus.io/*` annotations or as typed targets. The scrape
 * target's `component` label names the service; these metrics carry no `component` label of their own.
 */
export const PIPELINE_MIXIN: ComponentMixin = {
  component: 'pipeline',
  metrics: [
    metric('pipeline_events_processed_total', MetricType.COUNTER, 'pipeline', 'Events a pipeline stage finished handling, successfully or not', ['stage']),
    metric('pipeline_events_failed_total', MetricType.COUNTER, 'pipeline', 'Events a pipeline stage failed to handle (a subset of pipeline_events_processed_total)', ['stage', 'reason']),
    metric('pipeline_processing_lag_seconds', MetricType.GAUGE, 'pipeline', 'Age of the newest event a layer has fully processed (now minus its event time)', ['layer']),
  ],
  recordingRules: [
    {
      record: 'component:events_processed:rate5m',
      expr: 'sum by (namespace, component) (rate(pipeline_events_processed_total[5m]))',
    },
    {
      record: ERROR_RATIO_RECORD,
      expr: 'sum by (namespace, component) (rate(pipeline_events_failed_total[5m])) / sum by (namespace, component) (rate(pipeline_events_processed_total[5m]))',
      labels: { source: 'pipeline' },
      tests: [{
        description: '6 of every 100 events fail',
        series: [
          { series: 'pipeline_events_processed_total{namespace="pipeline", component="speed-layer", job="speed-layer", instance="10.244.2.3:8000", stage="enrich"}', values: '0+100x10' },
          { series: 'pipeline_events_failed_total{namespace="pipeline", component="speed-layer", job="speed-layer", instance="10.244.2.3:8000", stage="enrich", reason="schema"}', values: '0+6x10' },
        ],
        evalTime: '10m',
        expected: [{ labels: { namespace: 'pipeline', component: 'speed-layer' }, value: 0.06 }],
      }],
    },
    {
      record: PROCESSING_LAG_RECORD,
      expr: 'max by (namespace, component, layer) (pipeline_processing_lag_seconds)',
      labels: { source: 'pipeline' },
      tests: [{
        description: 'the largest lag of the layer wins',
        series: [
          { series: 'pipeline_processing_lag_seconds{namespace="pipeline", component="speed-layer", job="speed-layer", instance="10.244.2.3:8000", layer="speed"}', values: '400x5' },
          { series: 'pipeline_processing_lag_seconds{namespace="pipeline", component="speed-layer", job="speed-layer", instance="10.244.1.4:8000", layer="speed"}', values: '20x5' },
        ],
        evalTime: '5m',
        expected: [{ labels: { namespace: 'pipeline', component: 'speed-layer', layer: 'speed' }, value: 400 }],
      }],
    },
  ],
  alerts: [],
};

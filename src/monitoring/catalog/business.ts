import { metric, PROCESSING_LAG_RECORD } from './conventions';
import { ComponentMixin, MetricType } from './types';

/**
 * E-commerce KPIs, published by the speed layer's business-metrics exporter from ClickHouse aggregates.
 * Freshness of each critical KPI joins the generic processing-lag alert through the lag convention.
 */
export const BUSINESS_MIXIN: ComponentMixin = {
  component: 'business-metrics',
  metrics: [
    metric('business_orders_total', MetricType.COUNTER, 'business-metrics', 'Orders placed', ['channel']),
    metric('business_sessions_total', MetricType.COUNTER, 'business-metrics', 'Shopping sessions started', ['channel']),
    metric('business_revenue_total', MetricType.COUNTER, 'business-metrics', 'Revenue of placed orders, in the currency\'s unit', ['currency']),
    metric('business_active_users', MetricType.GAUGE, 'business-metrics', 'Distinct users active in the window', ['window']),
    metric('business_metric_last_update_timestamp_seconds', MetricType.GAUGE, 'business-metrics', 'When a critical KPI was last recomputed (Unix time)', ['metric']),
  ],
  recordingRules: [
    {
      record: 'business:conversion:ratio_rate1h',
      expr: 'sum(rate(business_orders_total[1h])) / sum(rate(business_sessions_total[1h]))',
      tests: [{
        description: '3 orders per 100 sessions',
        series: [
          { series: 'business_orders_total{job="business-metrics", instance="a:8000", component="business-metrics", channel="web"}', values: '0+3x70' },
          { series: 'business_sessions_total{job="business-metrics", instance="a:8000", component="business-metrics", channel="web"}', values: '0+100x70' },
        ],
        evalTime: '70m',
        expected: [{ labels: {}, value: 0.03 }],
      }],
    },
    {
      record: 'business:revenue_per_hour:rate1h',
      expr: 'sum by (currency) (rate(business_revenue_total[1h])) * 3600',
    },
    {
      record: PROCESSING_LAG_RECORD,
      expr: 'max by (namespace, component, metric) (time() - business_metric_last_update_timestamp_seconds)',
      labels: { source: 'business-metrics' },
      tests: [{
        description: 'a KPI last recomputed 400 s before the evaluation',
        series: [{ series: 'business_metric_last_update_timestamp_seconds{namespace="pipeline", component="business-metrics", job="business-metrics", instance="a:8000", metric="revenue"}', values: '200x10' }],
        evalTime: '10m',
        expected: [{ labels: { namespace: 'pipeline', component: 'business-metrics', metric: 'revenue' }, value: 400 }],
      }],
    },
  ],
  alerts: [],
};

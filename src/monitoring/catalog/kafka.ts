import { metric } from './conventions';
import { ComponentMixin, MetricType, Severity } from './types';

const KAFKA = 'kafka';

/**
 * Kafka, read through kafka_exporter (every metric is a gauge computed from cluster metadata and offsets).
 * Offsets only grow, so `rate()` of an offset is a message rate.
 */
export const KAFKA_MIXIN: ComponentMixin = {
  component: KAFKA,
  metrics: [
    metric('kafka_brokers', MetricType.GAUGE, KAFKA, 'Brokers in the cluster'),
    metric('kafka_topic_partitions', MetricType.GAUGE, KAFKA, 'Partitions of the topic', ['topic']),
    metric('kafka_topic_partition_current_offset', MetricType.GAUGE, KAFKA, 'Newest offset of the partition', ['topic', 'partition']),
    metric('kafka_topic_partition_in_sync_replica', MetricType.GAUGE, KAFKA, 'In-sync replicas of the partition', ['topic', 'partition']),
    metric('kafka_topic_partition_replicas', MetricType.GAUGE, KAFKA, 'Replicas of the partition', ['topic', 'partition']),
    metric('kafka_topic_partition_under_replicated_partition', MetricType.GAUGE, KAFKA, '1 when the partition has fewer in-sync replicas than replicas', ['topic', 'partition']),
    metric('kafka_consumergroup_current_offset', MetricType.GAUGE, KAFKA, 'Committed offset of the consumer group', ['consumergroup', 'topic', 'partition']),
    metric('kafka_consumergroup_lag', MetricType.GAUGE, KAFKA, 'Messages the consumer group is behind on the partition', ['consumergroup', 'topic', 'partition']),
    metric('kafka_consumergroup_members', MetricType.GAUGE, KAFKA, 'Members of the consumer group', ['consumergroup']),
  ],
  recordingRules: [
    {
      record: 'kafka:topic_messages_in:rate5m',
      expr: 'sum by (namespace, component, topic) (rate(kafka_topic_partition_current_offset{topic!~"__.*"}[5m]))',
      tests: [{
        description: 'messages per second across the partitions of a topic (internal topics excluded)',
        series: [
          { series: 'kafka_topic_partition_current_offset{namespace="monitoring", component="kafka", job="kafka", instance="a:9308", topic="orders", partition="0"}', values: '0+600x10' },
          { series: 'kafka_topic_partition_current_offset{namespace="monitoring", component="kafka", job="kafka", instance="a:9308", topic="orders", partition="1"}', values: '0+600x10' },
          { series: 'kafka_topic_partition_current_offset{namespace="monitoring", component="kafka", job="kafka", instance="a:9308", topic="__consumer_offsets", partition="0"}', values: '0+60x10' },
        ],
        evalTime: '10m',
        expected: [{ labels: { namespace: 'monitoring', component: 'kafka', topic: 'orders' }, value: 20 }],
      }],
    },
    {
      record: 'kafka:consumergroup_lag:sum',
      expr: 'sum by (namespace, component, consumergroup, topic) (kafka_consumergroup_lag)',
    },
  ],
  alerts: [
    {
      alert: 'KafkaUnderReplicatedPartitions',
      expr: 'sum by (namespace, component, topic) (kafka_topic_partition_under_replicated_partition) > 0',
      for: '10m',
      severity: Severity.WARNING,
      component: KAFKA,
      summary: 'Kafka topic {{ $labels.topic }} has under-replicated partitions',
      description: '{{ $value | humanize }} partitions of topic {{ $labels.topic }} have had fewer in-sync replicas than replicas for 10 minutes; one more broker failure may lose data.',
      runbook: 'kafka-under-replicated-partitions.md',
      tests: [
        {
          description: 'two partitions under-replicated for more than 10 minutes',
          series: [
            { series: 'kafka_topic_partition_under_replicated_partition{namespace="monitoring", component="kafka", job="kafka", instance="a:9308", topic="orders", partition="0"}', values: '1x15' },
            { series: 'kafka_topic_partition_under_replicated_partition{namespace="monitoring", component="kafka", job="kafka", instance="a:9308", topic="orders", partition="1"}', values: '1x15' },
          ],
          evalTime: '12m', fires: true, value: 2, labels: { namespace: 'monitoring', component: 'kafka', topic: 'orders' },
        },
        {
          description: 'under-replicated for 5 minutes only (a broker restart)',
          series: [{ series: 'kafka_topic_partition_under_replicated_partition{namespace="monitoring", component="kafka", job="kafka", instance="a:9308", topic="orders", partition="0"}', values: '0x6 1x5 0x5' }],
          evalTime: '12m', fires: false,
        },
        {
          description: 'under-replicated for 9 minutes (one evaluation short of for: 10m)',
          series: [{ series: 'kafka_topic_partition_under_replicated_partition{namespace="monitoring", component="kafka", job="kafka", instance="a:9308", topic="orders", partition="0"}', values: '0 0 1x15' }],
          evalTime: '11m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'KafkaPartitionOffline',
      expr: 'count by (namespace, component, topic) (kafka_topic_partition_in_sync_replica < 1) > 0',
      for: '2m',
      severity: Severity.CRITICAL,
      component: KAFKA,
      summary: 'Kafka topic {{ $labels.topic }} has partitions without in-sync replicas',
      description: '{{ $value | humanize }} partitions of topic {{ $labels.topic }} have had no in-sync replica for 2 minutes: producers and consumers of those partitions are stopped.',
      runbook: 'kafka-partition-offline.md',
      tests: [
        {
          description: 'a partition without in-sync replicas for more than 2 minutes',
          series: [
            { series: 'kafka_topic_partition_in_sync_replica{namespace="monitoring", component="kafka", job="kafka", instance="a:9308", topic="orders", partition="0"}', values: '0x5' },
            { series: 'kafka_topic_partition_in_sync_replica{namespace="monitoring", component="kafka", job="kafka", instance="a:9308", topic="orders", partition="1"}', values: '3x5' },
          ],
          evalTime: '4m', fires: true, value: 1, labels: { namespace: 'monitoring', component: 'kafka', topic: 'orders' },
        },
        {
          // One in-sync replica is exactly the threshold of `< 1` (integer values, exact).
          description: 'every partition keeps one in-sync replica (at the threshold)',
          series: [{ series: 'kafka_topic_partition_in_sync_replica{namespace="monitoring", component="kafka", job="kafka", instance="a:9308", topic="orders", partition="0"}', values: '1x5' }],
          evalTime: '4m', fires: false, boundary: true,
        },
      ],
    },
  ],
};

import { App } from 'cdk8s';
import { NAMESPACE_CAPACITY_SHARES } from '../../src/config/capacity-shares';
import { createDefaultApp } from '../../src/default-app';
import { capacityReport, steadyTotalsByNamespace } from '../../src/foundation/capacity/capacity-report';
import { ClusterCapacity } from '../../src/foundation/capacity/cluster-capacity';
import { synthesizedObjects } from '../../src/foundation/manifests';
import { bytes, cpuMillis } from '../../src/foundation/quantities';

const report = capacityReport(synthesizedObjects(createDefaultApp().app), new ClusterCapacity(new App()));
const shares = Object.entries(NAMESPACE_CAPACITY_SHARES);
const steadyRows = report.rows.filter((row) => row.category === 'steady');
const byNamespace = steadyTotalsByNamespace(report);

describe('each namespace fits its capacity share (long-running pods, DaemonSets × nodes)', () => {
  test('every namespace with long-running pods has a share', () => {
    expect(Object.keys(byNamespace).sort()).toEqual(shares.map(([namespace]) => namespace).sort());
  });

  test.each(shares)('%s', (namespace, share) => {
    const used = byNamespace[namespace];
    expect(used.cpuRequestMillis).toBeLessThanOrEqual(cpuMillis(share.requests.cpu));
    expect(used.memoryRequestBytes).toBeLessThanOrEqual(bytes(share.requests.memory));
    expect(used.cpuLimitMillis).toBeLessThanOrEqual(cpuMillis(share.limits.cpu));
    expect(used.memoryLimitBytes).toBeLessThanOrEqual(bytes(share.limits.memory));
  });

  test('DaemonSets count once per node they run on', () => {
    expect(steadyRows.find((row) => row.workload === 'DaemonSet/node-exporter')!.pods).toBe(3);
    expect(steadyRows.find((row) => row.workload === 'DaemonSet/fluentd')!.pods).toBe(3);
  });
});

test('the shares together fit the default budget (requests within what is allocatable to the platform, limits within the overcommit ceiling)', () => {
  const total = (pick: (share: typeof shares[number][1]) => number) => shares.reduce((n, [, share]) => n + pick(share), 0);
  expect(total((s) => cpuMillis(s.requests.cpu))).toBeLessThanOrEqual(report.budget.platformRequests.cpuMillis);
  expect(total((s) => bytes(s.requests.memory))).toBeLessThanOrEqual(report.budget.platformRequests.memoryBytes);
  expect(total((s) => cpuMillis(s.limits.cpu))).toBeLessThanOrEqual(report.budget.limitCeiling.cpuMillis);
  expect(total((s) => bytes(s.limits.memory))).toBeLessThanOrEqual(report.budget.limitCeiling.memoryBytes);
});

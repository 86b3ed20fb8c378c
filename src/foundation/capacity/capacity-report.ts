import { LABEL_COMPONENT, LABEL_NAME } from '../labels';
import { SynthesizedObject } from '../manifests';
import { formatBytes, formatCpu, GIBIBYTE } from '../quantities';
import { ClusterCapacity } from './cluster-capacity';
import {
  add, claimedStorageBytes, effectivePodResources, missingResources, ResourceTotals, storageClaims, workloadPods, WorkloadCategory, ZERO,
} from './workload-resources';

/** One workload's share of the cluster. */
export interface CapacityRow extends ResourceTotals {
  readonly namespace: string;
  /** `name/component` from the recommended labels. */
  readonly component: string;
  readonly workload: string;
  readonly category: WorkloadCategory;
  readonly pods: number;
  readonly storageBytes: number;
  readonly constructPath: string;
}

/** A rule of the budget that the app breaks. */
export interface CapacityViolation {
  readonly rule: 'missing-resources' | 'requests' | 'requests-with-jobs' | 'limits' | 'storage' | 'storage-claim';
  readonly message: string;
}

/** The capacity budget of an app: the seed's "Resource Allocation Summary", computed from the manifests. */
export interface CapacityReport {
  readonly rows: CapacityRow[];
  /** Long-running pods (Deployments, StatefulSets, DaemonSets × nodes). */
  readonly steady: ResourceTotals & { storageBytes: number };
  /** The largest single Job or CronJob run, which must fit in the task headroom. */
  readonly largestJob: ResourceTotals;
  readonly budget: {
    readonly totalCpuMillis: number;
    readonly totalMemoryBytes: number;
    readonly allocatable: { cpuMillis: number; memoryBytes: number };
    readonly platformRequests: { cpuMillis: number; memoryBytes: number };
    readonly limitCeiling: { cpuMillis: number; memoryBytes: number };
    readonly storageBytes: number;
    readonly taskPodHeadroom: { cpuMillis: number; memoryBytes: number };
  };
  /** What is left for the platform's requests after its long-running pods (negative when over budget). */
  readonly headroom: { cpuMillis: number; memoryBytes: number };
  readonly violations: CapacityViolation[];
}

/** Computes the budget of every workload and storage claim among `objects` against `capacity`. */
export function capacityReport(objects: SynthesizedObject[], capacity: ClusterCapacity): CapacityReport {
  const rows: CapacityRow[] = [];
  const violations: CapacityViolation[] = [];
  for (const { constructPath, manifest } of objects) {
    const labels = manifest.metadata.labels ?? {};
    const identity = {
      namespace: manifest.metadata.namespace ?? '(cluster)',
      component: `${labels[LABEL_NAME] ?? '?'}/${labels[LABEL_COMPONENT] ?? '?'}`,
      workload: `${manifest.kind}/${manifest.metadata.name}`,
      constructPath,
    };
    const storageBytes = claimedStorageBytes(manifest);
    for (const claim of storageClaims(manifest)) {
      if (claim.bytes > capacity.storageBytes) {
        violations.push({
          rule: 'storage-claim',
          message: `${constructPath}: volume claim ${claim.name} asks for ${formatBytes(claim.bytes)}, more than the cluster's whole storage budget of ${formatBytes(capacity.storageBytes)}; ` +
            'lower the size prop of that volume or raise ClusterCapacity storage',
        });
      }
    }
    const workload = workloadPods(manifest, capacity.workerNodes);
    if (!workload) {
      if (storageBytes > 0) {
        rows.push({ ...identity, ...ZERO, category: 'steady', pods: 0, storageBytes });
      }
      continue;
    }
    for (const gap of missingResources(workload.podSpec)) {
      violations.push({
        rule: 'missing-resources',
        message: `${constructPath}: container "${gap.container}" of ${identity.workload} has no ${gap.missing.join(', ')}; ` +
          'every container needs CPU and memory requests and limits so the budget can hold — set them in its resources prop',
      });
    }
    const perPod = effectivePodResources(workload.podSpec);
    rows.push({ ...identity, ...add(ZERO, perPod, workload.pods), category: workload.category, pods: workload.pods, storageBytes });
  }

  const steadyRows = rows.filter((r) => r.category === 'steady');
  const steady = {
    ...steadyRows.reduce((sum: ResourceTotals, r) => add(sum, r), ZERO),
    storageBytes: rows.reduce((sum, r) => sum + r.storageBytes, 0),
  };
  const jobRows = rows.filter((r) => r.category === 'job');
  const largestJobRow = jobRows.reduce((largest: CapacityRow | undefined, r) => (r.memoryRequestBytes > (largest?.memoryRequestBytes ?? 0) ? r : largest), undefined);
  const largestJob: ResourceTotals = largestJobRow ?? ZERO;
  const budget = {
    totalCpuMillis: capacity.cpuMillis,
    totalMemoryBytes: capacity.memoryBytes,
    allocatable: capacity.allocatable,
    platformRequests: capacity.platformBudget,
    limitCeiling: capacity.limitCeiling,
    storageBytes: capacity.storageBytes,
    taskPodHeadroom: { cpuMillis: capacity.taskPodHeadroom.cpuMillis, memoryBytes: capacity.taskPodHeadroom.memoryBytes },
  };
  const headroom = {
    cpuMillis: budget.platformRequests.cpuMillis - steady.cpuRequestMillis,
    memoryBytes: budget.platformRequests.memoryBytes - steady.memoryRequestBytes,
  };

  // A broken budget names the construct paths of the largest contributors: the props to lower are there.
  const largest = (field: keyof ResourceTotals | 'storageBytes', format: (n: number) => string) => rows
    .filter((r) => r.category === 'steady' && r[field] > 0)
    .sort((a, b) => b[field] - a[field]).slice(0, 3)
    .map((r) => `${r.constructPath} (${r.workload}: ${format(r[field])})`).join(', ');
  const over = (rule: CapacityViolation['rule'], what: string, used: number, allowed: number, format: (n: number) => string, field: keyof ResourceTotals | 'storageBytes', fix: string) => {
    if (used > allowed) {
      violations.push({ rule, message: `${what} ${format(used)} exceed ${format(allowed)}; largest: ${largest(field, format)}; ${fix}` });
    }
  };
  const fixRequests = 'lower the requests of the largest components (their resources props) or raise ClusterCapacity memory/cpuCores';
  const fixWithJobs = `lower the resources of the largest Job or CronJob (${largestJobRow?.constructPath ?? 'none'}) or the long-running requests`;
  over('requests', 'memory requests of long-running pods', steady.memoryRequestBytes, budget.platformRequests.memoryBytes, formatGib, 'memoryRequestBytes', fixRequests);
  over('requests', 'CPU requests of long-running pods', steady.cpuRequestMillis, budget.platformRequests.cpuMillis, formatCpu, 'cpuRequestMillis', fixRequests);
  over('requests-with-jobs', 'memory requests with the largest Job running', steady.memoryRequestBytes + largestJob.memoryRequestBytes, budget.allocatable.memoryBytes, formatGib,
    'memoryRequestBytes', fixWithJobs);
  over('requests-with-jobs', 'CPU requests with the largest Job running', steady.cpuRequestMillis + largestJob.cpuRequestMillis, budget.allocatable.cpuMillis, formatCpu,
    'cpuRequestMillis', fixWithJobs);
  over('limits', 'memory limits of long-running pods', steady.memoryLimitBytes, budget.limitCeiling.memoryBytes, formatGib, 'memoryLimitBytes',
    'lower the limits of the largest components or raise ClusterCapacity limitOvercommit.memory');
  over('limits', 'CPU limits of long-running pods', steady.cpuLimitMillis, budget.limitCeiling.cpuMillis, formatCpu, 'cpuLimitMillis',
    'lower the limits of the largest components or raise ClusterCapacity limitOvercommit.cpu');
  over('storage', 'volume claims', steady.storageBytes, budget.storageBytes, formatGib, 'storageBytes', 'lower the storage props of the stacks or raise ClusterCapacity storage');

  return { rows, steady, largestJob, budget, headroom, violations };
}

/** The long-running pods' totals per namespace (what each namespace's capacity share is held to). */
export function steadyTotalsByNamespace(report: CapacityReport): Record<string, ResourceTotals> {
  const totals: Record<string, ResourceTotals> = {};
  for (const row of report.rows.filter((r) => r.category === 'steady')) {
    totals[row.namespace] = add(totals[row.namespace] ?? ZERO, row);
  }
  return totals;
}

const formatGib = (value: number) => `${(value / GIBIBYTE).toFixed(2)}Gi`;

/** The report as an aligned text table (what `npm run capacity` prints and a failed synth shows). */
export function renderCapacityTable(report: CapacityReport): string {
  const header = ['NAMESPACE', 'COMPONENT', 'WORKLOAD', 'PODS', 'CPU REQ', 'CPU LIM', 'MEM REQ', 'MEM LIM', 'STORAGE'];
  const line = (r: CapacityRow) => [r.namespace, r.component, r.workload, String(r.pods), formatCpu(r.cpuRequestMillis), formatCpu(r.cpuLimitMillis),
    formatGib(r.memoryRequestBytes), formatGib(r.memoryLimitBytes), r.storageBytes ? formatBytes(r.storageBytes) : '-'];
  const byNamespace = (a: CapacityRow, b: CapacityRow) => a.namespace.localeCompare(b.namespace) || a.component.localeCompare(b.component) || a.workload.localeCompare(b.workload);
  const steadyRows = report.rows.filter((r) => r.category === 'steady').sort(byNamespace).map(line);
  const jobRows = report.rows.filter((r) => r.category === 'job').sort(byNamespace).map(line);
  const s = report.steady;
  const b = report.budget;
  const summary: string[][] = [
    ['TOTAL (long-running)', '', '', '', formatCpu(s.cpuRequestMillis), formatCpu(s.cpuLimitMillis), formatGib(s.memoryRequestBytes), formatGib(s.memoryLimitBytes), formatBytes(s.storageBytes)],
    ['BUDGET', '', '', '', formatCpu(b.platformRequests.cpuMillis), formatCpu(b.limitCeiling.cpuMillis),
      formatGib(b.platformRequests.memoryBytes), formatGib(b.limitCeiling.memoryBytes), formatBytes(b.storageBytes)],
    ['HEADROOM', '', '', '', formatCpu(report.headroom.cpuMillis), '', formatGib(report.headroom.memoryBytes), '', formatBytes(b.storageBytes - s.storageBytes)],
  ];
  const all = [header, ...steadyRows, ...summary, ...jobRows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const render = (row: string[]) => row.map((cell, i) => (cell ?? '').padEnd(widths[i])).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const cluster = `Cluster: ${formatCpu(b.totalCpuMillis)} CPU, ${formatGib(b.totalMemoryBytes)} memory; allocatable after control plane and system pods: ` +
    `${formatCpu(b.allocatable.cpuMillis)} CPU, ${formatGib(b.allocatable.memoryBytes)}; task pod headroom ${formatCpu(b.taskPodHeadroom.cpuMillis)} CPU, ${formatGib(b.taskPodHeadroom.memoryBytes)}.`;
  return [
    cluster,
    render(header), rule,
    ...steadyRows.map(render), rule,
    ...summary.map(render),
    'BUDGET: requests ≤ allocatable − task headroom; limits ≤ allocatable × overcommit; storage ≤ the volume budget. HEADROOM: requests still free.',
    ...(jobRows.length ? ['', 'JOBS AND CRONJOBS (counted separately: they run in the task headroom, one at a time)', ...jobRows.map(render)] : []),
    ...(report.violations.length ? ['', 'OVER BUDGET:', ...report.violations.map((v) => `  - ${v.message}`)] : []),
  ].join('\n');
}

import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { requireThat } from './errors';
import { formatBytes, formatCpu, MEBIBYTE } from './quantities';

/** A CPU amount in millicores, the unit the capacity budget and the manifests share. */
export interface CpuRange {
  /** Guaranteed share, used by the scheduler and the capacity budget. */
  readonly requestMillis: number;
  /** Hard cap; the container is throttled above it. */
  readonly limitMillis: number;
}

/** A memory amount. */
export interface MemoryRange {
  /** Guaranteed memory, used by the scheduler and the capacity budget. */
  readonly request: Size;
  /** Hard cap; the container is OOM-killed above it. */
  readonly limit: Size;
}

/** Requests and limits of one container. Every container the platform emits has both. */
export interface ComputeResources {
  readonly cpu: CpuRange;
  readonly memory: MemoryRange;
}

/** Shorthand for seed tables: `compute(250, 1000, 512, 2048)` = 250m/1 CPU, 512Mi/2Gi. */
export function compute(cpuRequestMillis: number, cpuLimitMillis: number, memoryRequestMebibytes: number, memoryLimitMebibytes: number): ComputeResources {
  return {
    cpu: { requestMillis: cpuRequestMillis, limitMillis: cpuLimitMillis },
    memory: { request: Size.mebibytes(memoryRequestMebibytes), limit: Size.mebibytes(memoryLimitMebibytes) },
  };
}

/** Memory in whole mebibytes (Size keeps fractional values; manifests want integers). */
export function mebibytesOf(size: Size): number {
  return size.toMebibytes({ rounding: SizeRoundingBehavior.FLOOR });
}

/**
 * Checks that requests and limits are positive and that each request fits its limit, naming the
 * container; returns the Kubernetes `resources` block.
 */
export function toResourceRequirements(scope: IConstruct, container: string, resources: ComputeResources): kplus.k8s.ResourceRequirements {
  const { cpu, memory } = resources;
  const memoryRequest = mebibytesOf(memory.request);
  const memoryLimit = mebibytesOf(memory.limit);
  const where = `container "${container}"`;
  for (const [label, value] of [['CPU request (millicores)', cpu.requestMillis], ['CPU limit (millicores)', cpu.limitMillis]] as const) {
    requireThat(scope, Number.isInteger(value) && value > 0, value, `is not a positive whole ${label} for ${where}`, 'use a positive integer such as 250');
  }
  for (const [label, value] of [['memory request', memoryRequest], ['memory limit', memoryLimit]] as const) {
    requireThat(scope, value > 0, `${value}Mi`, `is not a positive ${label} for ${where}`, 'use a size of at least 1Mi, e.g. Size.mebibytes(256)');
  }
  requireThat(scope, cpu.requestMillis <= cpu.limitMillis, `${formatCpu(cpu.requestMillis)} > ${formatCpu(cpu.limitMillis)}`, `is a CPU request above its limit for ${where}`, 'lower the request or raise the limit');
  requireThat(scope, memoryRequest <= memoryLimit, `${memoryRequest}Mi > ${memoryLimit}Mi`, `is a memory request above its limit for ${where}`, 'lower the request or raise the limit');
  return {
    requests: {
      cpu: kplus.k8s.Quantity.fromString(formatCpu(cpu.requestMillis)),
      memory: kplus.k8s.Quantity.fromString(formatBytes(memoryRequest * MEBIBYTE)),
    },
    limits: {
      cpu: kplus.k8s.Quantity.fromString(formatCpu(cpu.limitMillis)),
      memory: kplus.k8s.Quantity.fromString(formatBytes(memoryLimit * MEBIBYTE)),
    },
  };
}

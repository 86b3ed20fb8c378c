import { IConstruct } from 'constructs';
import { requireThat } from './errors';

/** The NodePort range of a default Kubernetes API server (and Kind's). */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** Checks a TCP/UDP port number (1–65535), naming what it is for. */
export function validatePort(scope: IConstruct, port: number, what: string): number {
  requireThat(scope, Number.isInteger(port) && port >= 1 && port <= 65535, port, `is not a valid port for ${what} (1–65535)`, 'choose a port between 1 and 65535');
  return port;
}

/** Checks a Service nodePort against the API server's NodePort range. */
export function validateNodePort(scope: IConstruct, port: number, what: string): number {
  requireThat(scope, Number.isInteger(port) && port >= NODE_PORT_RANGE.min && port <= NODE_PORT_RANGE.max, port,
    `is outside the NodePort range ${NODE_PORT_RANGE.min}–${NODE_PORT_RANGE.max} for ${what}`, `choose a nodePort between ${NODE_PORT_RANGE.min} and ${NODE_PORT_RANGE.max}`);
  return port;
}

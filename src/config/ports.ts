/**
 * Where each UI answers on the developer's machine. `hostPort` is the seed's localhost port; `nodePort`
 * is the Service's NodePort, which the Kind config maps the host port to (one source for both numbers).
 */
export interface UiPort {
  readonly hostPort: number;
  readonly nodePort: number;
}

export const UI_PORTS = {
  airflow: { hostPort: 8080, nodePort: 30080 },
  grafana: { hostPort: 3000, nodePort: 30300 },
  prometheus: { hostPort: 9090, nodePort: 30090 },
  kibana: { hostPort: 5601, nodePort: 30601 },
} as const satisfies Record<string, UiPort>;

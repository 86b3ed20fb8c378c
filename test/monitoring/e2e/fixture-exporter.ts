import * as http from 'node:http';
import { AddressInfo } from 'node:net';

/** One series a fixture target serves. */
export interface FixtureSeries {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
}

/** What a target answers: its series, or `down` (the scrape fails with 503). */
export type TargetResponse = readonly FixtureSeries[] | 'down';

/**
 * The exporter the end-to-end test drives: an HTTP server in the jest process with one path per target
 * (`/targets/<name>`), each answering in the Prometheus text format from a function the test changes to
 * simulate failures.
 */
export class FixtureExporter {
  private readonly server: http.Server;
  private readonly targets = new Map<string, () => TargetResponse>();

  constructor() {
    this.server = http.createServer((req, res) => {
      const name = /^\/targets\/([a-z0-9-]+)$/.exec(req.url ?? '')?.[1];
      const target = name ? this.targets.get(name) : undefined;
      const response = target?.();
      if (!response || response === 'down') {
        res.writeHead(target ? 503 : 404).end(target ? 'simulated outage\n' : 'no such target\n');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(render(response));
    });
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  /** Sets what a target answers from now on. */
  serve(name: string, response: () => TargetResponse): void {
    this.targets.set(name, response);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function render(series: readonly FixtureSeries[]): string {
  return series.map((s) => {
    const labels = Object.entries(s.labels ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',');
    return `${s.name}${labels ? `{${labels}}` : ''} ${s.value}\n`;
  }).join('');
}

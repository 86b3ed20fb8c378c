import * as http from 'node:http';
import * as net from 'node:net';
import { AddressInfo } from 'node:net';

/** One alert as a notification reported it. */
export interface Notified {
  readonly receiver: string;
  readonly alertname: string;
  readonly component: string;
  readonly status: 'firing' | 'resolved';
  /** Milliseconds since the epoch when the sink received it. */
  readonly at: number;
}

// The receivers' message text (alertmanager-routing.ts) has one line per alert: "<status> <alertname> [<component>] <summary>".
const ALERT_LINE = /^(firing|resolved) ([A-Za-z0-9]+) \[([^\]]*)\]/gm;

function fromText(receiver: string, text: string, at: number): Notified[] {
  return [...text.matchAll(ALERT_LINE)].map((m) => ({ receiver, status: m[1] as Notified['status'], alertname: m[2], component: m[3], at }));
}

/** Quoted-printable text (what Alertmanager's mail body is encoded as). */
function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Stands in for Slack, PagerDuty, the heartbeat service and the SMTP server: an HTTP server that records
 * what Alertmanager posts to each path, and a minimal SMTP server that records each mail.
 */
export class NotificationSink {
  readonly received: Notified[] = [];
  /** Raw bodies, by receiver (for checks on what the integrations send). */
  readonly bodies: Array<{ receiver: string; body: any; at: number }> = [];
  private readonly http: http.Server;
  private readonly smtp: net.Server;
  private readonly paths: Record<string, string>;

  /** `paths` maps an HTTP path (e.g. `/slack/critical`) to the receiver it stands for. */
  constructor(paths: Record<string, string>, private readonly emailReceiver: string) {
    this.paths = paths;
    this.http = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        const receiver = this.paths[req.url ?? ''];
        if (!receiver) {
          res.writeHead(404).end();
          return;
        }
        this.record(receiver, JSON.parse(body));
        // PagerDuty's Events API answers 202, Slack and webhooks 200.
        res.writeHead(req.url?.includes('pagerduty') ? 202 : 200, { 'Content-Type': 'application/json' }).end('{"status":"success"}');
      });
    });
    this.smtp = net.createServer((socket) => this.smtpSession(socket));
  }

  async start(): Promise<{ httpPort: number; smtpPort: number }> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => this.smtp.listen(0, '127.0.0.1', resolve));
    return { httpPort: (this.http.address() as AddressInfo).port, smtpPort: (this.smtp.address() as AddressInfo).port };
  }

  async stop(): Promise<void> {
    this.http.closeAllConnections();
    await Promise.all([
      new Promise<void>((resolve) => this.http.close(() => resolve())),
      new Promise<void>((resolve) => this.smtp.close(() => resolve())),
    ]);
  }

  private record(receiver: string, body: any): void {
    const at = Date.now();
    this.bodies.push({ receiver, body, at });
    if (Array.isArray(body.alerts)) {
      // Webhook payload: structured alerts.
      for (const alert of body.alerts) {
        this.received.push({ receiver, alertname: alert.labels.alertname, component: alert.labels.component ?? '', status: alert.status, at });
      }
    } else if (body.attachments) {
      this.received.push(...fromText(receiver, body.attachments.map((a: any) => a.text).join('\n'), at));
    } else if (body.payload) {
      // PagerDuty Events API v2.
      this.received.push(...fromText(receiver, String(body.payload.custom_details?.alerts ?? ''), at)
        .map((n) => ({ ...n, status: body.event_action === 'resolve' ? 'resolved' as const : n.status })));
    }
  }

  /** Just enough SMTP for Alertmanager: no TLS, no AUTH offered. */
  private smtpSession(socket: net.Socket): void {
    let buffer = '';
    let inData = false;
    let message = '';
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 sink ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          message += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          this.received.push(...fromText(this.emailReceiver, decodeQuotedPrintable(message), Date.now()));
          this.bodies.push({ receiver: this.emailReceiver, body: message, at: Date.now() });
          message = '';
          reply('250 queued');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') {
          reply('250-sink');
          reply('250 8BITMIME');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
          return;
        } else {
          reply('250 ok');
        }
      }
    });
    socket.on('error', () => socket.destroy());
  }
}

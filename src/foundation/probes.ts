import * as kplus from 'cdk8s-plus-28';

/** How often and how patiently a probe checks; the defaults suit a service that starts in seconds. */
export interface ProbeTiming {
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** @default 0 */
  readonly initialDelaySeconds?: number;
}

function timing(options: ProbeTiming = {}): Pick<kplus.k8s.Probe, 'periodSeconds' | 'timeoutSeconds' | 'failureThreshold' | 'initialDelaySeconds'> {
  return {
    periodSeconds: options.periodSeconds ?? 10,
    timeoutSeconds: options.timeoutSeconds ?? 5,
    failureThreshold: options.failureThreshold ?? 3,
    ...(options.initialDelaySeconds ? { initialDelaySeconds: options.initialDelaySeconds } : {}),
  };
}

/** An HTTP GET probe on a named or numbered container port. */
export function httpProbe(path: string, port: string | number, options?: ProbeTiming & { readonly scheme?: 'HTTP' | 'HTTPS' }): kplus.k8s.Probe {
  return {
    httpGet: {
      path,
      port: typeof port === 'number' ? kplus.k8s.IntOrString.fromNumber(port) : kplus.k8s.IntOrString.fromString(port),
      ...(options?.scheme ? { scheme: options.scheme } : {}),
    },
    ...timing(options),
  };
}

/** A probe that runs a command in the container; exit code 0 means healthy. */
export function execProbe(command: string[], options?: ProbeTiming): kplus.k8s.Probe {
  return { exec: { command }, ...timing(options) };
}

/** A TCP connect probe, for servers without a health endpoint. */
export function tcpProbe(port: string | number, options?: ProbeTiming): kplus.k8s.Probe {
  return {
    tcpSocket: { port: typeof port === 'number' ? kplus.k8s.IntOrString.fromNumber(port) : kplus.k8s.IntOrString.fromString(port) },
    ...timing(options),
  };
}

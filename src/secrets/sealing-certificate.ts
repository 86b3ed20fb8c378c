import * as crypto from 'node:crypto';

/**
 * The controller's public certificate, checked the way kubeseal checks it before sealing: the first
 * certificate of the PEM, RSA only, not expired (a certificate not yet valid is accepted, as kubeseal
 * does).
 */
export class SealingCertificate {
  /** Parses PEM text; `source` names where it came from, for error messages. */
  static fromPem(pem: string | Buffer, source = 'the certificate', now: Date = new Date()): SealingCertificate {
    let certificate: crypto.X509Certificate;
    try {
      certificate = new crypto.X509Certificate(pem);
    } catch (error) {
      throw new Error(`${source} is not a PEM X.509 certificate (${(error as Error).message}); fetch the controller's with scripts/fetch-cert.sh or create a key pair with scripts/sealing-key.sh`);
    }
    const keyType = certificate.publicKey.asymmetricKeyType;
    if (keyType !== 'rsa') {
      throw new Error(`${source} holds a public key of type ${keyType ?? 'unknown'}, not RSA; sealed-secrets seals with RSA only — use the controller's certificate (scripts/fetch-cert.sh)`);
    }
    const validTo = new Date(certificate.validTo);
    if (validTo.getTime() < now.getTime()) {
      throw new Error(`${source} expired on ${validTo.toISOString().slice(0, 10)}; fetch the controller's current certificate (scripts/fetch-cert.sh) or create a new key pair (scripts/sealing-key.sh)`);
    }
    return new SealingCertificate(certificate);
  }

  private constructor(readonly certificate: crypto.X509Certificate) {}

  get publicKey(): crypto.KeyObject {
    return this.certificate.publicKey;
  }

  /** SHA-256 fingerprint of the certificate, to tell sealing keys apart in logs and file headers. */
  get fingerprint(): string {
    return this.certificate.fingerprint256;
  }

  get validTo(): Date {
    return new Date(this.certificate.validTo);
  }
}

import { IConstruct } from 'constructs';

/** A file written next to the charts at synth (e.g. the Kind cluster definition). */
export interface SynthArtifact {
  /** Path relative to the output folder. */
  readonly path: string;
  readonly content: string;
}

/** A construct that contributes files to the synth output besides Kubernetes manifests. */
export interface SynthArtifactProducer extends IConstruct {
  artifacts(): SynthArtifact[];
}

export function isSynthArtifactProducer(construct: IConstruct): construct is SynthArtifactProducer {
  return typeof (construct as Partial<SynthArtifactProducer>).artifacts === 'function';
}

/**
 * The default app: the whole platform with the seed's defaults. `npm run synth` runs this file
 * (through cdk8s.yaml) and writes dist/.
 */
import { createDefaultApp } from './default-app';

createDefaultApp().app.synth();

import { AppProps } from 'cdk8s';
import { PlatformApp } from './foundation/platform-app';
import { PipelinePlatform, PipelinePlatformProps } from './platform';

/** The default platform app (what `npm run synth` writes), built without writing anything. */
export function createDefaultApp(props: PipelinePlatformProps = {}, appProps: AppProps = {}): { app: PlatformApp; platform: PipelinePlatform } {
  const app = new PlatformApp(appProps);
  const platform = new PipelinePlatform(app, props);
  return { app, platform };
}

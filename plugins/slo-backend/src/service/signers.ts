import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { RequestSigner } from './PrometheusClient';

/**
 * Supplies request signers for Prometheus sources configured with
 * `auth.type: sigv4` (Amazon Managed Prometheus). The default provides
 * none, so such a source fails start-up with a message; an installation
 * that uses AMP registers its own factory, for example one signing with
 * `@smithy/signature-v4` and credentials from `DefaultAwsCredentialsManager`:
 *
 * ```ts
 * backend.add(createServiceFactory({
 *   service: sloRequestSignersServiceRef,
 *   deps: { config: coreServices.rootConfig },
 *   factory: ({ config }) => ({ forSource: (name, region) => mySigV4Signer(region) }),
 * }));
 * ```
 *
 * @public
 */
export interface SloRequestSigners {
  /** The signer for a source, or undefined when there is none. */
  forSource(
    sourceName: string,
    region: string | undefined,
  ): RequestSigner | undefined;
}

/**
 * The seam for SigV4 (see {@link SloRequestSigners}).
 *
 * @public
 */
export const sloRequestSignersServiceRef = createServiceRef<SloRequestSigners>({
  id: 'slo.request-signers',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => ({ forSource: () => undefined }),
    }),
});

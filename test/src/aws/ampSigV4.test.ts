/**
 * SigV4 for Amazon Managed Prometheus, checked against a loopback endpoint
 * that verifies every request's signature itself (./sigv4Endpoint.ts, from
 * AWS's specification, proven here on AWS's published test vectors).
 *
 * The SLO backend signs through its seam: a source with `auth.type: sigv4`
 * gets a `RequestSigner` from `sloRequestSignersServiceRef`, and its
 * PrometheusClient signs each request it is about to send. The signer here
 * is @smithy/signature-v4 with static test credentials (./sigv4Signer.ts).
 * A query succeeds only when what the client sends (method, path, headers,
 * body) is exactly what was signed; wrong credentials or a body changed
 * after signing get AMP's 403, reported as an upstream error.
 */
import { Readable } from 'node:stream';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import sloPlugin, {
  readSloSettings,
  RequestSigner,
  sloRequestSignersServiceRef,
} from '@runway/plugin-slo-backend';
import { startAmpEndpoint, verifySigV4 } from './sigv4Endpoint';
import { sigV4Signer } from './sigv4Signer';

jest.setTimeout(60_000);

const REGION = 'eu-west-1';
const AMP = {
  accessKeyId: 'AKIARUNWAYTESTAMP001',
  secretAccessKey: 'runway-test-amp-secret',
};
/** Temporary credentials, as the default chain gives a pod (IRSA). */
const TEMPORARY = {
  accessKeyId: 'ASIARUNWAYTESTAMP002',
  secretAccessKey: 'runway-test-amp-session-secret',
  sessionToken: 'runway-test-session-token',
};
const WORKSPACE = '/workspaces/ws-runway-test';
const NOW = Math.floor(Date.now() / 1000);

const SLO_FILE = `
apiVersion: openslo/v1
kind: SLO
metadata: { name: checkout-api-availability }
spec:
  service: checkout-api
  indicator:
    metadata: { name: ok }
    spec:
      ratioMetric:
        bad: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{service="checkout-api",code=~"5.."}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{service="checkout-api"}' } } }
  timeWindow: [{ duration: 30d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.999 }]
`;

/** Error ratios per window of the recording rules: 30 % of the budget used. */
const RATIOS: Record<string, number> = {
  '30d': 0.0003,
  '5m': 0.0002,
  '30m': 0.0002,
  '1h': 0.0002,
  '2h': 0.0002,
  '6h': 0.0002,
  '1d': 0.0002,
  '3d': 0.0002,
};

/** What the workspace answers: recording-rule series, `vector(1)`, or nothing. */
function answer(
  endpoint: 'query' | 'query_range',
  params: Record<string, string>,
) {
  if (endpoint === 'query_range') return { resultType: 'matrix', result: [] };
  if (params.query === 'vector(1)') {
    return {
      resultType: 'vector',
      result: [{ metric: {}, value: [NOW, '1'] }],
    };
  }
  if (params.query?.startsWith('{__name__=~')) {
    return {
      resultType: 'vector',
      result: Object.entries(RATIOS).map(([w, v]) => ({
        metric: {
          __name__: `slo:sli_error:ratio_rate${w}`,
          slo: 'checkout-api-availability',
        },
        value: [NOW, String(v)],
      })),
    };
  }
  return { resultType: 'vector', result: [] };
}

describe('the SigV4 verifier itself', () => {
  // AWS's SigV4 test suite (get-vanilla, post-x-www-form-urlencoded),
  // credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1, "service";
  // the same signatures as botocore's SigV4Auth.
  const secretFor = (id: string) =>
    id === 'AKIDEXAMPLE'
      ? 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
      : undefined;
  const options = {
    service: 'service',
    region: 'us-east-1',
    secretFor,
    now: new Date('2015-08-30T12:36:00Z'),
  };
  const credential =
    'Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';
  const getVanilla = {
    method: 'GET',
    url: '/',
    headers: {
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization: `AWS4-HMAC-SHA256 ${credential}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`,
    },
    body: Buffer.alloc(0),
  };
  const postForm = {
    method: 'POST',
    url: '/',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization: `AWS4-HMAC-SHA256 ${credential}, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a`,
    },
    body: Buffer.from('Param1=value1'),
  };

  it("accepts AWS's published test vectors", () => {
    expect(verifySigV4(getVanilla, options)).toEqual({
      ok: true,
      accessKeyId: 'AKIDEXAMPLE',
    });
    expect(verifySigV4(postForm, options).ok).toBe(true);
  });

  it('rejects any change to what was signed, and stale or unknown signers', () => {
    const reject = (req: typeof postForm, opts = options) =>
      verifySigV4(req, opts);
    expect(reject({ ...postForm, body: Buffer.from('Param1=value2') })).toEqual(
      {
        ok: false,
        reason: 'signature mismatch',
      },
    );
    expect(reject({ ...postForm, method: 'PUT' }).ok).toBe(false);
    expect(reject({ ...postForm, url: '/?Param1=value1' }).ok).toBe(false);
    expect(
      reject({
        ...postForm,
        headers: { ...postForm.headers, host: 'example.com' },
      }).ok,
    ).toBe(false);
    expect(
      reject(postForm, { ...options, now: new Date('2015-08-30T13:00:00Z') }),
    ).toEqual({ ok: false, reason: 'signature expired (clock skew)' });
    expect(
      reject(postForm, { ...options, secretFor: () => undefined }),
    ).toEqual({
      ok: false,
      reason: 'unknown access key AKIDEXAMPLE',
    });
    expect(reject(postForm, { ...options, region: 'eu-west-1' }).ok).toBe(
      false,
    );
  });
});

describe('SigV4 for Amazon Managed Prometheus (loopback endpoint that verifies signatures)', () => {
  let amp: Awaited<ReturnType<typeof startAmpEndpoint>>;

  beforeAll(async () => {
    amp = await startAmpEndpoint({
      region: REGION,
      credentials: {
        [AMP.accessKeyId]: AMP.secretAccessKey,
        [TEMPORARY.accessKeyId]: TEMPORARY.secretAccessKey,
      },
      answer,
    });
  });
  beforeEach(() => {
    amp.seen.length = 0;
  });
  afterAll(() => amp?.close());

  /** The source as `slo.prometheus[]` config and the seam build it. */
  function source(
    signer: (region: string | undefined) => RequestSigner,
    fetchImpl?: typeof fetch,
  ) {
    const settings = readSloSettings(
      mockServices.rootConfig({
        data: {
          slo: {
            prometheus: [
              {
                name: 'amp',
                url: `${amp.url}${WORKSPACE}`,
                auth: { type: 'sigv4', region: REGION },
              },
            ],
          },
        },
      }),
      { signerFor: (_name, region) => signer(region), fetchImpl },
    );
    return settings.sources[0].client;
  }

  it("the SLO backend's client: every query signed, verified and answered", async () => {
    for (const credentials of [AMP, TEMPORARY]) {
      amp.seen.length = 0;
      const client = source(region =>
        sigV4Signer({ region: region!, credentials }),
      );
      await expect(client.query('vector(1)', NOW)).resolves.toEqual([
        { labels: {}, value: 1 },
      ]);
      await expect(
        client.queryRange('up', NOW - 3600, NOW, 60),
      ).resolves.toEqual([]);
      expect(amp.seen).toEqual([
        {
          path: `${WORKSPACE}/api/v1/query`,
          params: { query: 'vector(1)', time: String(NOW), timeout: '5000ms' },
          verdict: { ok: true, accessKeyId: credentials.accessKeyId },
        },
        {
          path: `${WORKSPACE}/api/v1/query_range`,
          params: {
            query: 'up',
            start: String(NOW - 3600),
            end: String(NOW),
            step: '60',
            timeout: '5000ms',
          },
          verdict: { ok: true, accessKeyId: credentials.accessKeyId },
        },
      ]);
    }
  });

  it('wrong credentials: 403 from AMP, an upstream error naming the source', async () => {
    const wrongSecret = source(region =>
      sigV4Signer({
        region: region!,
        credentials: { ...AMP, secretAccessKey: 'not-the-secret' },
      }),
    );
    await expect(wrongSecret.query('vector(1)', NOW)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(
        /^Prometheus amp rejected a query: HTTP 403: The request signature we calculated does not match/,
      ),
    });
    const unknownKey = source(region =>
      sigV4Signer({
        region: region!,
        credentials: {
          accessKeyId: 'AKIAUNKNOWN000000000',
          secretAccessKey: 'x',
        },
      }),
    );
    await expect(unknownKey.query('vector(1)', NOW)).rejects.toThrow(
      /HTTP 403/,
    );
    const otherRegion = source(() =>
      sigV4Signer({ region: 'us-east-1', credentials: AMP }),
    );
    await expect(otherRegion.query('vector(1)', NOW)).rejects.toThrow(
      /HTTP 403/,
    );
    expect(amp.seen.map(s => s.verdict)).toEqual([
      { ok: false, reason: 'signature mismatch' },
      { ok: false, reason: 'unknown access key AKIAUNKNOWN000000000' },
      { ok: false, reason: 'scope us-east-1/aps' },
    ]);
  });

  it('a body changed after signing is refused (403), never answered', async () => {
    const tampering: typeof fetch = (input, init) =>
      fetch(input, {
        ...init,
        body: String(init?.body).replace(/time=\d+/, `time=${NOW - 86400}`),
      });
    const client = source(
      region => sigV4Signer({ region: region!, credentials: AMP }),
      tampering,
    );
    await expect(client.query('vector(1)', NOW)).rejects.toThrow(
      /rejected a query: HTTP 403/,
    );
    expect(amp.seen).toEqual([
      {
        path: `${WORKSPACE}/api/v1/query`,
        params: {
          query: 'vector(1)',
          time: String(NOW - 86400),
          timeout: '5000ms',
        },
        verdict: { ok: false, reason: 'signature mismatch' },
      },
    ]);
  });

  /** The SLO plugin with a sigv4 source and a signer from the seam. */
  async function startPlugin(credentials: typeof AMP) {
    const { server } = await startTestBackend({
      features: [
        sloPlugin,
        mockServices.rootConfig.factory({
          data: {
            slo: {
              prometheus: [
                {
                  name: 'amp',
                  url: `${amp.url}${WORKSPACE}`,
                  environments: ['production'],
                  auth: { type: 'sigv4', region: REGION },
                },
              ],
              cacheTtlSeconds: 0,
            },
          },
        }),
        createServiceFactory({
          service: sloRequestSignersServiceRef,
          deps: {},
          factory: () => ({
            forSource: (_name: string, region?: string) =>
              sigV4Signer({ region: region!, credentials }),
          }),
        }),
        mockServices.urlReader.mock({
          readUrl: async target => {
            if (
              target !==
              'https://git.example.com/acme/checkout-api/tree/main/slo.yaml'
            ) {
              throw new Error(`404 ${target}`);
            }
            return {
              buffer: async () => Buffer.from(SLO_FILE),
              stream: () => Readable.from([Buffer.from(SLO_FILE)]),
            };
          },
        }).factory,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'checkout-api',
                namespace: 'default',
                annotations: {
                  // registered from its own repository, like a service
                  // the golden path creates
                  'backstage.io/managed-by-location':
                    'url:https://git.example.com/acme/checkout-api/blob/main/catalog-info.yaml',
                  'backstage.io/source-location':
                    'url:https://git.example.com/acme/checkout-api/tree/main/',
                  'runway.io/slo-ref': './slo.yaml',
                },
              },
              spec: { owner: 'group:default/team-checkout', type: 'service' },
              relations: [
                { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
              ],
            },
          ],
        }),
      ],
    });
    const res = await fetch(
      `http://127.0.0.1:${server.port()}/api/slo/entity/component/default/checkout-api`,
      { headers: { authorization: mockCredentials.user.header() } },
    );
    return { status: res.status, body: (await res.json()) as any };
  }

  it('the SLO plugin reads error budgets from AMP through the signer seam', async () => {
    const { status, body } = await startPlugin(AMP);
    expect(status).toBe(200);
    expect(body.errors).toEqual([]);
    expect(body.slos).toHaveLength(1);
    expect(body.slos[0]).toMatchObject({
      name: 'checkout-api-availability',
      source: 'amp',
      fromRecordingRules: true,
    });
    // the figures came over the signed channel: 30 % of the budget used
    expect(body.slos[0].remaining).toBeCloseTo(0.7, 9);
    const queries = amp.seen.filter(s => s.path.endsWith('/api/v1/query'));
    expect(queries.length).toBeGreaterThan(0);
    expect(amp.seen.every(s => s.verdict.ok)).toBe(true);
  });

  it('the SLO plugin with wrong credentials: partial result with the 403 in errors[]', async () => {
    const { status, body } = await startPlugin({
      ...AMP,
      secretAccessKey: 'not-the-secret',
    });
    expect(status).toBe(200);
    expect(body.slos[0]).toMatchObject({
      name: 'checkout-api-availability',
      status: 'unknown',
    });
    expect(body.errors).toEqual([
      expect.objectContaining({
        source: 'amp',
        message: expect.stringMatching(/HTTP 403: The request signature/),
      }),
    ]);
    expect(amp.seen.length).toBeGreaterThan(0);
    expect(amp.seen.every(s => !s.verdict.ok)).toBe(true);
  });
});

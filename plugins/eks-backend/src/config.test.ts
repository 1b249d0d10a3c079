import { ConfigReader } from '@backstage/config';
import { readEksConfig } from './config';

const cluster = (over: object = {}) => ({
  name: 'eks-staging-euw1',
  url: 'https://127.0.0.1:16443',
  auth: { type: 'serviceAccount', tokenFile: 'reader.token' },
  ...over,
});

describe('readEksConfig', () => {
  it('reads clusters with defaults', () => {
    const c = readEksConfig(
      new ConfigReader({ eks: { clusters: [cluster()] } }),
    );
    expect(c).toMatchObject({
      sampleEksData: false,
      requestTimeoutMs: 5000,
      watchTimeoutSeconds: 300,
      probeSeconds: 15,
      discovery: undefined,
    });
    expect(c.clusters[0]).toMatchObject({
      name: 'eks-staging-euw1',
      timeoutMs: 5000,
      skipTLSVerify: false,
      auth: { type: 'serviceAccount', tokenFile: 'reader.token' },
    });
    expect(readEksConfig(new ConfigReader({})).clusters).toEqual([]);
  });

  it('reads aws auth and discovery', () => {
    const c = readEksConfig(
      new ConfigReader({
        eks: {
          requestTimeoutMs: 2000,
          clusters: [
            cluster({
              region: 'eu-west-1',
              auth: {
                type: 'aws',
                accountId: '222222222222',
                assumeRole: 'arn:aws:iam::222222222222:role/r',
              },
            }),
          ],
          discovery: { enabled: true, regions: ['eu-west-1'] },
        },
      }),
    );
    expect(c.clusters[0]).toMatchObject({
      timeoutMs: 2000,
      auth: { type: 'aws', assumeRole: 'arn:aws:iam::222222222222:role/r' },
    });
    expect(c.discovery).toEqual({
      regions: ['eu-west-1'],
      frequencyMinutes: 10,
      reconcileSeconds: 30,
      accountId: undefined,
      assumeRole: undefined,
      externalId: undefined,
    });
  });

  it('fails start-up naming the bad key', () => {
    const read = (clusters: object[]) => () =>
      readEksConfig(new ConfigReader({ eks: { clusters } }));
    expect(read([cluster(), cluster()])).toThrow(
      "Duplicate cluster name 'eks-staging-euw1' in eks.clusters[1].name",
    );
    expect(read([cluster({ url: 'ftp://x' })])).toThrow(
      'eks.clusters[0].url must be an http(s) URL',
    );
    expect(read([cluster({ auth: { type: 'serviceAccount' } })])).toThrow(
      'eks.clusters[0].auth needs token or tokenFile',
    );
    expect(read([cluster({ auth: { type: 'aws' } })])).toThrow(
      'eks.clusters[0].region is required for auth type aws',
    );
    expect(read([cluster({ auth: { type: 'oidc' } })])).toThrow(
      "eks.clusters[0].auth.type must be serviceAccount or aws, got 'oidc'",
    );
    expect(() =>
      readEksConfig(new ConfigReader({ eks: { listPageSize: 0 } })),
    ).toThrow("eks.listPageSize must be a positive integer, got '0'");
  });

  it("restricts Kubernetes system namespaces and Runway's own by default", () => {
    expect(readEksConfig(new ConfigReader({})).restrictedNamespaces).toEqual([
      'kube-system',
      'kube-public',
      'kube-node-lease',
      'runway',
    ]);
    expect(
      readEksConfig(
        new ConfigReader({ eks: { restrictedNamespaces: ['ops'] } }),
      ).restrictedNamespaces,
    ).toEqual(['ops']);
  });

  it('pages LISTs by 500 objects unless eks.listPageSize says otherwise', () => {
    expect(readEksConfig(new ConfigReader({})).listPageSize).toBe(500);
    expect(
      readEksConfig(new ConfigReader({ eks: { listPageSize: 50 } }))
        .listPageSize,
    ).toBe(50);
  });

  it('notifies owners by default; eks.notifications values are checked by name', () => {
    expect(readEksConfig(new ConfigReader({})).notifications).toEqual({
      enabled: true,
      frequencyMinutes: 1,
      degradedForMinutes: 10,
    });
    expect(
      readEksConfig(
        new ConfigReader({
          eks: {
            notifications: {
              enabled: false,
              frequencyMinutes: 2,
              degradedForMinutes: 0,
            },
          },
        }),
      ).notifications,
    ).toEqual({ enabled: false, frequencyMinutes: 2, degradedForMinutes: 0 });
    const bad = (notifications: object) => () =>
      readEksConfig(new ConfigReader({ eks: { notifications } }));
    expect(bad({ frequencyMinutes: 0 })).toThrow(
      "eks.notifications.frequencyMinutes must be a positive number, got '0'",
    );
    expect(bad({ degradedForMinutes: -5 })).toThrow(
      "eks.notifications.degradedForMinutes must be a number of minutes (0 or more), got '-5'",
    );
    expect(bad({ degradedForMinutes: 'ten' })).toThrow(
      'eks.notifications.degradedForMinutes',
    );
    expect(bad({ enabled: 'maybe' })).toThrow('eks.notifications.enabled');
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import {
  DescribeClusterCommand,
  EKSClient,
  ListAddonsCommand,
  ListClustersCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { creds } from '../__testUtils__/eksTokens';
import { ClusterConfig } from '../config';
import { StoredCluster } from '../store/DiscoveredClusterStore';
import { ClusterDiscovery, discoveredClusterConfig } from './ClusterDiscovery';

const eks = mockClient(EKSClient);
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const now = new Date('2026-11-27T12:00:00Z');

/** A store that keeps what the last run replaced it with. */
function fakeStore() {
  const store = {
    stored: [] as StoredCluster[],
    replace: jest.fn(async (clusters: StoredCluster[], _at: Date) => {
      store.stored = clusters;
    }),
  };
  return store;
}

function discovery(
  store: ReturnType<typeof fakeStore>,
  over: Partial<ConstructorParameters<typeof ClusterDiscovery>[0]> = {},
) {
  return new ClusterDiscovery({
    discovery: {
      regions: ['eu-west-1'],
      accountId: '222222222222',
      frequencyMinutes: 10,
      reconcileSeconds: 30,
    },
    publishEksInfo: true,
    store,
    awsCredentials: async () => async () => creds,
    logger: mockServices.logger.mock(),
    now: () => now,
    ...over,
  });
}

describe('ClusterDiscovery', () => {
  beforeEach(() => {
    eks.on(ListClustersCommand).resolves({ clusters: ['known', 'found'] });
    eks.on(DescribeClusterCommand).callsFake(({ name }) => ({
      cluster: {
        name,
        status: 'ACTIVE',
        version: '1.34',
        endpoint: `https://${name}.gr7.eu-west-1.eks.amazonaws.com`,
        certificateAuthority: {
          data: Buffer.from(name === 'binary' ? '\u0000\u00ff' : PEM).toString(
            'base64',
          ),
        },
      },
    }));
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    eks.on(ListInsightsCommand).resolves({ insights: [] });
    eks.on(ListAddonsCommand).resolves({ addons: [] });
  });
  afterEach(() => eks.reset());
  afterAll(() => eks.restore());

  it('stores every cluster found with its endpoint, CA and EKS data, in one replace', async () => {
    const store = fakeStore();
    await discovery(store).refresh();
    expect(store.replace).toHaveBeenCalledTimes(1);
    expect(store.replace.mock.calls[0][1]).toEqual(now);
    expect(store.stored.map(c => [c.name, c.region, c.url, c.caData])).toEqual([
      [
        'known',
        'eu-west-1',
        'https://known.gr7.eu-west-1.eks.amazonaws.com',
        PEM,
      ],
      [
        'found',
        'eu-west-1',
        'https://found.gr7.eu-west-1.eks.amazonaws.com',
        PEM,
      ],
    ]);
    expect(
      store.stored.map(c => [c.eksInfo?.name, c.eksInfo?.fetchedAt]),
    ).toEqual([
      ['known', now.toISOString()],
      ['found', now.toISOString()],
    ]);
  });

  it('stores no certificate authority that is not PEM (checked against the system CAs), and says so', async () => {
    eks.on(ListClustersCommand).resolves({ clusters: ['binary'] });
    const store = fakeStore();
    const logger = mockServices.logger.mock();
    await discovery(store, { logger }).refresh();
    expect(store.stored.map(c => [c.name, c.caData])).toEqual([
      ['binary', undefined],
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('is not a PEM certificate'),
    );
  });

  it('leaves EKS data to the sample source when told (no describe calls)', async () => {
    const store = fakeStore();
    await discovery(store, { publishEksInfo: false }).refresh();
    expect(store.stored.map(c => c.name)).toEqual(['known', 'found']);
    expect(store.stored.map(c => c.eksInfo)).toEqual([undefined, undefined]);
    expect(eks.commandCalls(ListNodegroupsCommand)).toHaveLength(0);
  });

  it('lists every region with the discovery account credentials', async () => {
    const awsCredentials = jest.fn(async () => async () => creds);
    await discovery(fakeStore(), {
      discovery: {
        regions: ['eu-west-1', 'us-east-1'],
        accountId: '333333333333',
        frequencyMinutes: 10,
        reconcileSeconds: 30,
      },
      awsCredentials,
    }).refresh();
    expect(eks.commandCalls(ListClustersCommand)).toHaveLength(2);
    expect(awsCredentials.mock.calls).toEqual([
      ['333333333333'],
      ['333333333333'],
    ]);
  });

  it('stores nothing when a region fails: the last stored set stays', async () => {
    eks.on(ListClustersCommand).rejects(new Error('AccessDenied'));
    const store = fakeStore();
    await expect(discovery(store).refresh()).rejects.toThrow('AccessDenied');
    expect(store.replace).not.toHaveBeenCalled();
  });

  it('turns a stored cluster into a config signed in with the discovery account', () => {
    const config: ClusterConfig = discoveredClusterConfig(
      {
        name: 'found',
        region: 'eu-west-1',
        url: 'https://found.gr7.eu-west-1.eks.amazonaws.com',
        caData: 'PEM',
      },
      {
        discovery: {
          regions: ['eu-west-1'],
          accountId: '222222222222',
          assumeRole: 'arn:aws:iam::222222222222:role/runway-eks-reader',
          frequencyMinutes: 10,
          reconcileSeconds: 30,
        },
        requestTimeoutMs: 2000,
      },
    );
    expect(config).toEqual({
      name: 'found',
      url: 'https://found.gr7.eu-west-1.eks.amazonaws.com',
      region: 'eu-west-1',
      caData: 'PEM',
      skipTLSVerify: false,
      timeoutMs: 2000,
      auth: {
        type: 'aws',
        accountId: '222222222222',
        assumeRole: 'arn:aws:iam::222222222222:role/runway-eks-reader',
        externalId: undefined,
      },
    });
  });
});

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
import { ClusterDiscovery } from './ClusterDiscovery';
import { ClusterRegistry } from './ClusterRegistry';

const eks = mockClient(EKSClient);
const now = new Date('2026-11-27T12:00:00Z');

/** A registry that already watches `known`. */
function fakeRegistry(known: string[]) {
  const names = new Set(known);
  return {
    addCluster: jest.fn(async (c: ClusterConfig) => {
      names.add(c.name);
    }),
    hasCluster: jest.fn((name: string) => names.has(name)),
    setEksInfo: jest.fn(),
  } satisfies ClusterRegistry;
}

function discovery(
  clusters: ClusterRegistry,
  over: Partial<ConstructorParameters<typeof ClusterDiscovery>[0]> = {},
) {
  const token = async () => 'token';
  return new ClusterDiscovery({
    discovery: {
      regions: ['eu-west-1'],
      accountId: '222222222222',
      frequencyMinutes: 10,
    },
    requestTimeoutMs: 2000,
    publishEksInfo: true,
    clusters,
    tokens: { tokenFor: () => token },
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
        certificateAuthority: { data: Buffer.from('PEM').toString('base64') },
      },
    }));
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    eks.on(ListInsightsCommand).resolves({ insights: [] });
    eks.on(ListAddonsCommand).resolves({ addons: [] });
  });
  afterEach(() => eks.reset());
  afterAll(() => eks.restore());

  it('watches clusters it did not know, signed in with the discovery account', async () => {
    const clusters = fakeRegistry(['known']);
    const token = async () => 'token';
    const tokenFor = jest.fn(() => token);
    await discovery(clusters, { tokens: { tokenFor } }).refresh();
    const found: ClusterConfig = {
      name: 'found',
      url: 'https://found.gr7.eu-west-1.eks.amazonaws.com',
      region: 'eu-west-1',
      caData: 'PEM',
      skipTLSVerify: false,
      timeoutMs: 2000,
      auth: {
        type: 'aws',
        accountId: '222222222222',
        assumeRole: undefined,
        externalId: undefined,
      },
    };
    expect(clusters.addCluster.mock.calls).toEqual([[found, token]]);
    expect(tokenFor).toHaveBeenCalledWith(found);
  });

  it('publishes the EKS data of every cluster found, known or new', async () => {
    const clusters = fakeRegistry(['known']);
    await discovery(clusters).refresh();
    expect(clusters.setEksInfo).toHaveBeenCalledTimes(1);
    const [infos, source] = clusters.setEksInfo.mock.calls[0];
    expect(source).toBe('eks');
    expect(infos.map((i: any) => [i.name, i.region, i.fetchedAt])).toEqual([
      ['known', 'eu-west-1', now.toISOString()],
      ['found', 'eu-west-1', now.toISOString()],
    ]);
  });

  it('leaves EKS data to the sample source when told, and adds a cluster only once', async () => {
    const clusters = fakeRegistry([]);
    const run = discovery(clusters, { publishEksInfo: false });
    await run.refresh();
    await run.refresh();
    expect(clusters.setEksInfo).not.toHaveBeenCalled();
    expect(clusters.addCluster.mock.calls.map(([c]) => c.name)).toEqual([
      'known',
      'found',
    ]);
  });

  it('lists every region with the discovery account credentials', async () => {
    const awsCredentials = jest.fn(async () => async () => creds);
    await discovery(fakeRegistry([]), {
      discovery: {
        regions: ['eu-west-1', 'us-east-1'],
        accountId: '333333333333',
        frequencyMinutes: 10,
      },
      awsCredentials,
    }).refresh();
    expect(eks.commandCalls(ListClustersCommand)).toHaveLength(2);
    expect(awsCredentials.mock.calls).toEqual([
      ['333333333333'],
      ['333333333333'],
    ]);
  });
});

import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListAddonsCommand,
  ListClustersCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { describeEksCluster, discoverClusters } from './EksDiscovery';

describe('EKS discovery', () => {
  const eks = mockClient(EKSClient);
  afterEach(() => eks.reset());
  afterAll(() => eks.restore());

  it('lists clusters across NextToken pages and describes the ACTIVE ones', async () => {
    eks
      .on(ListClustersCommand, { nextToken: undefined })
      .resolves({ clusters: ['a'], nextToken: 'p2' });
    eks
      .on(ListClustersCommand, { nextToken: 'p2' })
      .resolves({ clusters: ['b', 'c'] });
    eks.on(DescribeClusterCommand, { name: 'a' }).resolves({
      cluster: {
        name: 'a',
        status: 'ACTIVE',
        endpoint: 'https://A.gr7.eu-west-1.eks.amazonaws.com',
        version: '1.33',
        certificateAuthority: { data: Buffer.from('PEM-A').toString('base64') },
      },
    });
    eks
      .on(DescribeClusterCommand, { name: 'b' })
      .resolves({ cluster: { name: 'b', status: 'CREATING' } });
    eks.on(DescribeClusterCommand, { name: 'c' }).resolves({
      cluster: { name: 'c', status: 'ACTIVE', endpoint: 'https://C.eks' },
    });
    const found = await discoverClusters(
      new EKSClient({ region: 'eu-west-1' }),
      'eu-west-1',
    );
    expect(found).toEqual([
      {
        name: 'a',
        region: 'eu-west-1',
        endpoint: 'https://A.gr7.eu-west-1.eks.amazonaws.com',
        caData: 'PEM-A',
        version: '1.33',
      },
      {
        name: 'c',
        region: 'eu-west-1',
        endpoint: 'https://C.eks',
        caData: undefined,
        version: undefined,
      },
    ]);
    expect(eks.commandCalls(ListClustersCommand)).toHaveLength(2);
    expect(eks.commandCalls(DescribeClusterCommand)).toHaveLength(3);
  });

  it('describes node groups, insights and add-ons of a cluster', async () => {
    eks.on(DescribeClusterCommand).resolves({
      cluster: {
        name: 'p',
        version: '1.32',
        platformVersion: 'eks.20',
        status: 'ACTIVE',
      },
    });
    eks
      .on(ListNodegroupsCommand)
      .resolves({ nodegroups: ['on-demand', 'spot'] });
    eks.on(DescribeNodegroupCommand, { nodegroupName: 'on-demand' }).resolves({
      nodegroup: {
        capacityType: 'ON_DEMAND',
        instanceTypes: ['t3.large'],
        scalingConfig: { desiredSize: 3, minSize: 3, maxSize: 6 },
        status: 'ACTIVE',
      },
    });
    eks.on(DescribeNodegroupCommand, { nodegroupName: 'spot' }).resolves({
      nodegroup: {
        capacityType: 'SPOT',
        instanceTypes: ['t3.large', 't3a.large'],
        scalingConfig: { desiredSize: 3, minSize: 1, maxSize: 3 },
        status: 'ACTIVE',
      },
    });
    eks.on(ListInsightsCommand, { nextToken: undefined }).resolves({
      insights: [
        {
          id: 'i1',
          name: 'Deprecated APIs removed in Kubernetes v1.33',
          category: 'UPGRADE_READINESS',
          kubernetesVersion: '1.33',
          insightStatus: { status: 'ERROR', reason: 'policy/v1beta1 in use' },
        },
      ],
      nextToken: 'n',
    });
    eks.on(ListInsightsCommand, { nextToken: 'n' }).resolves({
      insights: [
        {
          id: 'i2',
          name: 'Kubelet version skew',
          insightStatus: { status: 'PASSING' },
        },
      ],
    });
    eks.on(ListAddonsCommand).resolves({ addons: ['vpc-cni'] });
    eks.on(DescribeAddonCommand).resolves({
      addon: {
        addonName: 'vpc-cni',
        addonVersion: 'v1.19.0',
        status: 'ACTIVE',
      },
    });
    const info = await describeEksCluster(
      new EKSClient({ region: 'eu-west-1' }),
      'p',
      'eu-west-1',
      new Date('2026-11-27T00:00:00Z'),
    );
    expect(info).toMatchObject({
      name: 'p',
      version: '1.32',
      platformVersion: 'eks.20',
      source: 'eks',
      nodeGroups: [
        {
          name: 'on-demand',
          desired: 3,
          min: 3,
          max: 6,
          capacityType: 'ON_DEMAND',
        },
        {
          name: 'spot',
          desired: 3,
          min: 1,
          max: 3,
          instanceTypes: ['t3.large', 't3a.large'],
        },
      ],
      addons: [{ name: 'vpc-cni', version: 'v1.19.0', status: 'ACTIVE' }],
    });
    expect(info.insights.map(i => [i.id, i.status])).toEqual([
      ['i1', 'ERROR'],
      ['i2', 'PASSING'],
    ]);
    expect(eks.commandCalls(ListNodegroupsCommand)[0].args[0].input).toEqual({
      clusterName: 'p',
      nextToken: undefined,
    });
    expect(eks.commandCalls(ListInsightsCommand)).toHaveLength(2);
  });

  it('keeps a cluster whose insights or add-ons cannot be read, naming what is missing', async () => {
    eks.on(DescribeClusterCommand).resolves({
      cluster: { name: 'p', version: '1.34', status: 'ACTIVE' },
    });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    const denied = Object.assign(
      new Error('User is not authorized to perform: eks:ListInsights'),
      {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 403 },
      },
    );
    eks.on(ListInsightsCommand).rejects(denied);
    // an endpoint without the operation: a 404 with no body
    const missing = Object.assign(new Error(''), {
      name: 'UnknownError',
      $metadata: { httpStatusCode: 404 },
    });
    eks.on(ListAddonsCommand).rejects(missing);
    const info = await describeEksCluster(
      new EKSClient({ region: 'eu-west-1' }),
      'p',
      'eu-west-1',
      new Date('2026-11-27T00:00:00Z'),
    );
    expect(info).toMatchObject({ name: 'p', version: '1.34', source: 'eks' });
    expect(info.insights).toEqual([]);
    expect(info.addons).toEqual([]);
    expect(info.unavailable).toEqual([
      'upgrade insights (ListInsights): AccessDeniedException User is not authorized to perform: eks:ListInsights (HTTP 403)',
      'add-ons (ListAddons): (HTTP 404)',
    ]);
  });

  it('names the operation, cluster and region when a required call fails', async () => {
    eks.on(DescribeClusterCommand).rejects(
      Object.assign(new Error(''), {
        name: 'UnknownError',
        $metadata: { httpStatusCode: 404 },
      }),
    );
    await expect(
      describeEksCluster(
        new EKSClient({ region: 'eu-west-1' }),
        'p',
        'eu-west-1',
        new Date(),
      ),
    ).rejects.toThrow(
      'EKS DescribeCluster of p (eu-west-1) failed: (HTTP 404)',
    );
  });
});

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
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { describeEksCluster, discoverClusters } from './EksDiscovery';
import {
  clusterCredentials,
  createEksToken,
  EksTokenProvider,
} from './eksToken';

const creds = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'secret',
  sessionToken: 'session',
};

function decode(token: string): URL {
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  return new URL(
    Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(
      'utf8',
    ),
  );
}

describe('EKS token', () => {
  it('is a presigned STS GetCallerIdentity URL that signs the cluster name header', async () => {
    const token = await createEksToken({
      clusterName: 'eks-production-euw1',
      region: 'eu-west-1',
      credentials: creds,
      now: new Date('2026-11-27T12:00:00Z'),
    });
    const url = decode(token);
    expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('Version')).toBe('2011-06-15');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261127T120000Z');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      'AKIDEXAMPLE/20261127/eu-west-1/sts/aws4_request',
    );
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
      'host;x-k8s-aws-id',
    );
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('session');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    // no padding: base64url as aws-iam-authenticator expects
    expect(token).not.toContain('=');
  });

  it('is cached and renewed 60 s before its 15-minute expiry; concurrent callers share one signing', async () => {
    let now = Date.parse('2026-11-27T12:00:00Z');
    const credentials = jest.fn(async () => creds);
    const provider = new EksTokenProvider({
      clusterName: 'c',
      region: 'eu-west-1',
      credentials,
      now: () => now,
    });
    const [a, b] = await Promise.all([
      provider.getToken(),
      provider.getToken(),
    ]);
    expect(a).toBe(b);
    expect(credentials).toHaveBeenCalledTimes(1);
    now += 13 * 60_000 + 59_000; // 13:59 later: still valid for more than 60 s
    expect(await provider.getToken()).toBe(a);
    now += 2_000; // 14:01: within the last minute, renewed
    const c = await provider.getToken();
    expect(c).not.toBe(a);
    expect(credentials).toHaveBeenCalledTimes(2);
    expect(decode(c).searchParams.get('X-Amz-Date')).toBe('20261127T121401Z');
  });

  it('assumes the cluster role with the external id and reuses the credentials until near expiry', async () => {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIA1',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(Date.now() + 3600_000),
      },
    });
    const provider = clusterCredentials({
      base: async () => creds,
      region: 'eu-west-1',
      assumeRole: 'arn:aws:iam::222222222222:role/runway-eks-reader',
      externalId: 'runway',
      stsClient: new STSClient({ region: 'eu-west-1' }),
    });
    expect((await provider()).accessKeyId).toBe('ASIA1');
    await provider();
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({
      RoleArn: 'arn:aws:iam::222222222222:role/runway-eks-reader',
      ExternalId: 'runway',
      RoleSessionName: 'runway-eks',
    });
    sts.restore();
  });
});

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
});

import { EksClusterInfo } from '@runway/plugin-eks-common';

/**
 * Runway's sample EKS data source (development only, labelled "sample data"
 * on screen): what only the EKS API knows about the two sample clusters,
 * node group scaling, upgrade insights and add-ons, shaped like the
 * DescribeNodegroup / ListInsights / ListAddons answers. The node group
 * sizes match the kwok nodes scripts/k8s/fixtures.mjs creates; production's
 * spot group sits at its maximum (the story behind inventory-api's HPA).
 */
export function sampleEksClusters(now: Date): EksClusterInfo[] {
  const fetchedAt = now.toISOString();
  const addons = [
    { name: 'vpc-cni', version: 'v1.20.4-eksbuild.2', status: 'ACTIVE' },
    { name: 'coredns', version: 'v1.12.3-eksbuild.1', status: 'ACTIVE' },
    { name: 'kube-proxy', version: 'v1.34.1-eksbuild.2', status: 'ACTIVE' },
    {
      name: 'aws-ebs-csi-driver',
      version: 'v1.48.0-eksbuild.1',
      status: 'ACTIVE',
    },
  ];
  const insights = (env: string) => [
    {
      id: `${env}-deprecated-apis-1.35`,
      name: 'Deprecated APIs removed in Kubernetes v1.35',
      category: 'UPGRADE_READINESS',
      status: 'PASSING',
      kubernetesVersion: '1.35',
      reason: 'No deprecated API usage detected within the last 30 days.',
    },
    {
      id: `${env}-addon-compat-1.35`,
      name: 'Amazon EKS add-on version compatibility',
      category: 'UPGRADE_READINESS',
      status: env === 'production' ? 'WARNING' : 'PASSING',
      kubernetesVersion: '1.35',
      reason:
        env === 'production'
          ? 'aws-ebs-csi-driver v1.48.0-eksbuild.1 is not compatible with Kubernetes 1.35.'
          : 'All add-ons are compatible with the next version.',
      recommendation:
        env === 'production'
          ? 'Update aws-ebs-csi-driver to v1.50.0-eksbuild.1 or later before upgrading.'
          : undefined,
    },
  ];
  return [
    {
      name: 'eks-staging-euw1',
      region: 'eu-west-1',
      version: '1.34',
      platformVersion: 'eks.9',
      status: 'ACTIVE',
      nodeGroups: [
        {
          name: 'on-demand',
          capacityType: 'ON_DEMAND',
          instanceTypes: ['t3.large'],
          desired: 2,
          min: 2,
          max: 4,
          status: 'ACTIVE',
        },
        {
          name: 'spot',
          capacityType: 'SPOT',
          instanceTypes: ['t3.large', 't3a.large'],
          desired: 2,
          min: 1,
          max: 4,
          status: 'ACTIVE',
        },
      ],
      insights: insights('staging'),
      addons,
      source: 'sample',
      fetchedAt,
    },
    {
      name: 'eks-production-euw1',
      region: 'eu-west-1',
      version: '1.34',
      platformVersion: 'eks.9',
      status: 'ACTIVE',
      nodeGroups: [
        {
          name: 'on-demand',
          capacityType: 'ON_DEMAND',
          instanceTypes: ['t3.large'],
          desired: 3,
          min: 3,
          max: 6,
          status: 'ACTIVE',
        },
        {
          name: 'spot',
          capacityType: 'SPOT',
          instanceTypes: ['t3.large', 't3a.large'],
          desired: 3,
          min: 1,
          max: 3,
          status: 'ACTIVE',
        },
      ],
      insights: insights('production'),
      addons,
      source: 'sample',
      fetchedAt,
    },
  ];
}

/*
 * The sample organisation of Runway's design, as cost: two AWS accounts,
 * the services and their owning teams, and each service's monthly spend per
 * AWS service and usage type, plus shared platform spend (tagged
 * `service=shared`) and untagged spend. `generateSample.ts` turns it into
 * daily FOCUS rows.
 */

/** The sample's two AWS accounts by name. */
export const SAMPLE_ACCOUNTS = {
  'shared-services': '111111111111',
  workloads: '222222222222',
} as const;

/** One line of spend: a service's use of one AWS service. */
export type SampleLine = {
  service: string;
  team: string;
  awsService: string;
  usageType: string;
  /** monthly production cost in whole currency units */
  monthly: number;
  account: keyof typeof SAMPLE_ACCOUNTS;
  environments?: Array<'production' | 'staging'>;
};

// AWS service names as FOCUS `ServiceName` carries them
/** Amazon EC2 (instances and NAT gateways) as FOCUS names it. */
export const EC2 = 'Amazon Elastic Compute Cloud';
const RDS = 'Amazon Relational Database Service';
const SQS = 'Amazon Simple Queue Service';
const MQ = 'Amazon MQ';
const ELB = 'Elastic Load Balancing';
const S3 = 'Amazon Simple Storage Service';
const CF = 'Amazon CloudFront';
const CW = 'AmazonCloudWatch';
const EKS = 'Amazon Elastic Kubernetes Service';
const ECR = 'Amazon EC2 Container Registry (ECR)';
const EC = 'Amazon ElastiCache';

/** The sample Components and the teams (Groups) that own them. */
export const SAMPLE_SERVICES: Array<{ name: string; team: string }> = [
  { name: 'storefront-web', team: 'team-checkout' },
  { name: 'checkout-api', team: 'team-checkout' },
  { name: 'inventory-api', team: 'team-checkout' },
  { name: 'payments-api', team: 'team-payments' },
  { name: 'billing-worker', team: 'team-payments' },
  { name: 'runway', team: 'platform-ops' },
];

/**
 * The sample organisation's spend lines, in generation order (the order
 * fixes which random number each line draws).
 */
export const SAMPLE_LINES: SampleLine[] = [
  {
    service: 'storefront-web',
    team: 'team-checkout',
    awsService: EC2,
    usageType: 'EU-BoxUsage:t3.large',
    monthly: 820,
    account: 'workloads',
  },
  {
    service: 'storefront-web',
    team: 'team-checkout',
    awsService: CF,
    usageType: 'EU-DataTransfer-Out-Bytes',
    monthly: 460,
    account: 'workloads',
    environments: ['production'],
  },
  {
    service: 'storefront-web',
    team: 'team-checkout',
    awsService: ELB,
    usageType: 'EU-LoadBalancerUsage',
    monthly: 130,
    account: 'workloads',
  },
  {
    service: 'storefront-web',
    team: 'team-checkout',
    awsService: S3,
    usageType: 'EU-TimedStorage-ByteHrs',
    monthly: 90,
    account: 'workloads',
  },
  {
    service: 'checkout-api',
    team: 'team-checkout',
    awsService: EC2,
    usageType: 'EU-BoxUsage:t3.large',
    monthly: 1240,
    account: 'workloads',
  },
  {
    service: 'checkout-api',
    team: 'team-checkout',
    awsService: RDS,
    usageType: 'EU-Multi-AZUsage:db.r6g.large',
    monthly: 1380,
    account: 'workloads',
  },
  {
    service: 'checkout-api',
    team: 'team-checkout',
    awsService: SQS,
    usageType: 'EU-Requests-Tier1',
    monthly: 110,
    account: 'workloads',
  },
  {
    service: 'checkout-api',
    team: 'team-checkout',
    awsService: EC,
    usageType: 'EU-NodeUsage:cache.t4g.medium',
    monthly: 240,
    account: 'workloads',
  },
  {
    service: 'checkout-api',
    team: 'team-checkout',
    awsService: ELB,
    usageType: 'EU-LoadBalancerUsage',
    monthly: 140,
    account: 'workloads',
  },
  {
    service: 'inventory-api',
    team: 'team-checkout',
    awsService: EC2,
    usageType: 'EU-BoxUsage:t3.large',
    monthly: 1060,
    account: 'workloads',
  },
  {
    service: 'inventory-api',
    team: 'team-checkout',
    awsService: RDS,
    usageType: 'EU-Multi-AZUsage:db.r6g.large',
    monthly: 990,
    account: 'workloads',
  },
  {
    service: 'inventory-api',
    team: 'team-checkout',
    awsService: CW,
    usageType: 'EU-CW:MetricMonitorUsage',
    monthly: 70,
    account: 'workloads',
  },
  {
    service: 'payments-api',
    team: 'team-payments',
    awsService: EC2,
    usageType: 'EU-BoxUsage:t3.large',
    monthly: 980,
    account: 'workloads',
  },
  {
    service: 'payments-api',
    team: 'team-payments',
    awsService: RDS,
    usageType: 'EU-Multi-AZUsage:db.r6g.xlarge',
    monthly: 1620,
    account: 'workloads',
  },
  {
    service: 'payments-api',
    team: 'team-payments',
    awsService: ELB,
    usageType: 'EU-LoadBalancerUsage',
    monthly: 120,
    account: 'workloads',
  },
  {
    service: 'billing-worker',
    team: 'team-payments',
    awsService: EC2,
    usageType: 'EU-BoxUsage:t3.large',
    monthly: 640,
    account: 'workloads',
  },
  {
    service: 'billing-worker',
    team: 'team-payments',
    awsService: MQ,
    usageType: 'EU-mq.m5.large',
    monthly: 520,
    account: 'workloads',
  },
  {
    service: 'billing-worker',
    team: 'team-payments',
    awsService: S3,
    usageType: 'EU-TimedStorage-ByteHrs',
    monthly: 160,
    account: 'workloads',
  },
  {
    service: 'runway',
    team: 'platform-ops',
    awsService: EC2,
    usageType: 'EU-BoxUsage:t3.large',
    monthly: 310,
    account: 'shared-services',
    environments: ['production'],
  },
  {
    service: 'runway',
    team: 'platform-ops',
    awsService: RDS,
    usageType: 'EU-InstanceUsage:db.t4g.medium',
    monthly: 190,
    account: 'shared-services',
    environments: ['production'],
  },
  {
    service: 'runway',
    team: 'platform-ops',
    awsService: S3,
    usageType: 'EU-TimedStorage-ByteHrs',
    monthly: 25,
    account: 'shared-services',
    environments: ['production'],
  },
  // shared platform spend: tagged service=shared, no team
  {
    service: 'shared',
    team: '',
    awsService: EKS,
    usageType: 'EU-AmazonEKS-Hours:perCluster',
    monthly: 73,
    account: 'shared-services',
  },
  {
    service: 'shared',
    team: '',
    awsService: EC2,
    usageType: 'EU-NatGateway-Hours',
    monthly: 98,
    account: 'shared-services',
  },
  {
    service: 'shared',
    team: '',
    awsService: EC2,
    usageType: 'EU-NatGateway-Bytes',
    monthly: 260,
    account: 'shared-services',
  },
  {
    service: 'shared',
    team: '',
    awsService: ECR,
    usageType: 'EU-TimedStorage-ByteHrs',
    monthly: 45,
    account: 'shared-services',
    environments: ['production'],
  },
  // untagged spend
  {
    service: '',
    team: '',
    awsService: CW,
    usageType: 'EU-CW:Logs-Ingestion',
    monthly: 210,
    account: 'workloads',
    environments: ['production'],
  },
  {
    service: '',
    team: '',
    awsService: S3,
    usageType: 'EU-Requests-Tier2',
    monthly: 55,
    account: 'shared-services',
    environments: ['production'],
  },
];

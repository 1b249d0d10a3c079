import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import type { LocalCluster } from '../harness/kube';
import type { Moto } from '../harness/moto';
import { MAIN_CREDENTIALS } from '../aws/awsEnv';

/** moto's default account: the identity of the "pod" (its IRSA role). */
export const MAIN_ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
/** Where AWS Data Exports deliver the organisation's FOCUS and CUR 2.0 files. */
export const COST_EXPORT_BUCKET = 'acme-cost-exports';
export const COST_EXPORT_PREFIX = 'exports/';
/** The TechDocs bucket (TECHDOCS_S3_BUCKET_NAME) services' CI publishes to. */
export const TECHDOCS_BUCKET = 'runway-techdocs';

/** The day `n` days before today (UTC). */
function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}

/** Spend per sample service tag, in USD per day, on each of the last 30 days. */
const DAILY_SPEND: [awsService: string, service: string, usd: number][] = [
  ['Amazon Elastic Compute Cloud - Compute', 'checkout-api', 41.5],
  ['Amazon Relational Database Service', 'checkout-api', 18.25],
  ['Amazon Elastic Compute Cloud - Compute', 'payments-api', 37],
  ['Amazon Simple Queue Service', 'billing-worker', 6.4],
  ['Amazon Elastic Compute Cloud - Compute', 'inventory-api', 12.1],
  ['Amazon CloudFront', 'storefront-web', 9.9],
  ['Amazon Elastic Kubernetes Service', 'shared', 14.6],
];

/** GetCostAndUsage as Cost Explorer shapes it, grouped by SERVICE and the `service` tag. */
export function costAndUsage(days = 30) {
  const results = Array.from({ length: days }, (_, i) => daysAgo(days - i)).map(
    day => ({
      TimePeriod: { Start: day, End: day },
      Total: {},
      Groups: DAILY_SPEND.map(([awsService, service, usd]) => ({
        Keys: [awsService, `service$${service}`],
        Metrics: {
          AmortizedCost: { Amount: usd.toFixed(2), Unit: 'USD' },
          UnblendedCost: { Amount: usd.toFixed(2), Unit: 'USD' },
        },
      })),
      Estimated: false,
    }),
  );
  return {
    GroupDefinitions: [
      { Type: 'DIMENSION', Key: 'SERVICE' },
      { Type: 'TAG', Key: 'service' },
    ],
    ResultsByTime: results,
    DimensionValueAttributes: [],
  };
}

/**
 * What the organisation's AWS holds before Runway starts: the TechDocs
 * bucket, the EKS clusters (named as the local control planes, so
 * discovery adds node groups, insights and add-ons to them), queued Cost
 * Explorer answers; and the environment the replicas' SDK clients read
 * (the default credential chain: static keys stand in for IRSA).
 */
export async function seedAws(moto: Moto, clusters: LocalCluster[]) {
  const env = {
    AWS_ENDPOINT_URL: moto.url,
    AWS_ACCESS_KEY_ID: MAIN_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MAIN_CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
    AWS_CONFIG_FILE: path.join(moto.dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(moto.dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const client = {
    endpoint: moto.url,
    region: REGION,
    credentials: MAIN_CREDENTIALS,
  };
  const techdocsBucket = TECHDOCS_BUCKET;
  const s3 = new S3Client({ ...client, forcePathStyle: true });
  for (const bucket of [techdocsBucket, COST_EXPORT_BUCKET]) {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: REGION },
      }),
    );
  }
  const eks = new EKSClient(client);
  for (const cluster of clusters) {
    await eks.send(
      new CreateClusterCommand({
        name: cluster.name,
        roleArn: `arn:aws:iam::${MAIN_ACCOUNT}:role/eks-cluster`,
        resourcesVpcConfig: { subnetIds: ['subnet-0a1b2c3d'] },
        version: '1.34',
      }),
    );
  }
  // two syncs' worth: the first sync and one a test triggers
  await moto.queueCostAndUsage(MAIN_ACCOUNT, [costAndUsage(), costAndUsage()]);
  return {
    env,
    techdocsBucket,
    cloudFormationRoleArn: `arn:aws:iam::${MAIN_ACCOUNT}:role/runway-cloudformation`,
  };
}

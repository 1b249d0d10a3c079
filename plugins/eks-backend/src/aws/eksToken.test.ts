import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import {
  clusterCredentials,
  createEksToken,
  EksTokenProvider,
} from './eksToken';
import { creds, decodeEksToken as decode } from '../__testUtils__/eksTokens';

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

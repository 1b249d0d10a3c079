import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { creds, decodeEksToken } from '../__testUtils__/eksTokens';
import { ClusterConfig } from '../config';
import { ClusterTokenProvider } from './ClusterTokenProvider';

const cluster = (auth: ClusterConfig['auth']): ClusterConfig => ({
  name: 'eks-production-euw1',
  url: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
  region: 'eu-west-1',
  skipTLSVerify: false,
  timeoutMs: 1000,
  auth,
});

describe('ClusterTokenProvider', () => {
  it('serviceAccount: the inline token, or the token file re-read on every call; AWS is never asked', async () => {
    const awsCredentials = jest.fn();
    const tokens = new ClusterTokenProvider({ awsCredentials });
    expect(
      await tokens.tokenFor(cluster({ type: 'serviceAccount', token: 't1' }))(),
    ).toBe('t1');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-token-'));
    const tokenFile = path.join(dir, 'reader.token');
    fs.writeFileSync(tokenFile, 'first\n');
    const fromFile = tokens.tokenFor(
      cluster({ type: 'serviceAccount', tokenFile }),
    );
    expect(await fromFile()).toBe('first');
    fs.writeFileSync(tokenFile, 'rotated\n');
    expect(await fromFile()).toBe('rotated');
    fs.rmSync(dir, { recursive: true });
    expect(awsCredentials).not.toHaveBeenCalled();
  });

  it("aws: an EKS token signed in the cluster's region with the account's credentials, fetched on first use and cached", async () => {
    const awsCredentials = jest.fn(async () => async () => creds);
    const tokens = new ClusterTokenProvider({ awsCredentials });
    const source = tokens.tokenFor(
      cluster({ type: 'aws', accountId: '222222222222' }),
    );
    expect(awsCredentials).not.toHaveBeenCalled();
    const token = await source();
    const url = decodeEksToken(token);
    expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/sts\/aws4_request$/,
    );
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
      'host;x-k8s-aws-id',
    );
    expect(await source()).toBe(token);
    expect(awsCredentials).toHaveBeenCalledTimes(1);
    expect(awsCredentials).toHaveBeenCalledWith('222222222222');
  });

  it('aws with assumeRole: signs with the role assumed through the account', async () => {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAROLE',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(Date.now() + 3600_000),
      },
    });
    try {
      const tokens = new ClusterTokenProvider({
        awsCredentials: async () => async () => creds,
      });
      const token = await tokens.tokenFor(
        cluster({
          type: 'aws',
          assumeRole: 'arn:aws:iam::222222222222:role/runway-eks-reader',
          externalId: 'runway',
        }),
      )();
      expect(
        decodeEksToken(token).searchParams.get('X-Amz-Credential'),
      ).toMatch(/^ASIAROLE\//);
      expect(
        sts.commandCalls(AssumeRoleCommand)[0].args[0].input,
      ).toMatchObject({
        RoleArn: 'arn:aws:iam::222222222222:role/runway-eks-reader',
        ExternalId: 'runway',
      });
    } finally {
      sts.restore();
    }
  });
});

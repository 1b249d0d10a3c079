import { ConfigReader } from '@backstage/config';
import { awsCredentialSourceFromConfig } from './awsCredentials';

describe('awsCredentialSourceFromConfig', () => {
  it('answers the main account without an id and a listed account by its id', async () => {
    const source = awsCredentialSourceFromConfig(
      new ConfigReader({
        aws: {
          mainAccount: { accessKeyId: 'AKIDMAIN', secretAccessKey: 'main' },
          accounts: [
            {
              accountId: '222222222222',
              accessKeyId: 'AKIDPROD',
              secretAccessKey: 'prod',
            },
          ],
        },
      }),
    );
    expect((await (await source())()).accessKeyId).toBe('AKIDMAIN');
    expect((await (await source('222222222222'))()).accessKeyId).toBe(
      'AKIDPROD',
    );
  });

  it('reads aws.* on first use only', async () => {
    const source = awsCredentialSourceFromConfig(
      new ConfigReader({ aws: { accounts: 'not a list' } }),
    );
    await expect(source()).rejects.toThrow(/accounts/);
  });
});

import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readSloSettings } from './config';

const read = (slo: object, options?: Parameters<typeof readSloSettings>[1]) =>
  readSloSettings(new ConfigReader({ slo }), options);

describe('readSloSettings', () => {
  it('applies the documented defaults', () => {
    const settings = readSloSettings(new ConfigReader({}));
    expect(settings).toEqual({
      sources: [],
      defaultEnvironment: 'production',
      cacheTtlMs: 30_000,
      gate: {
        minRemainingBudget: 0.25,
        denyOnFastBurn: true,
        failOpen: false,
        allowWithoutSlos: false,
      },
      files: { maxBytes: 262144, trustedOrigins: [] },
      queries: {
        maxExpressionLength: 2000,
        maxSelectors: 10,
        maxRegexLength: 200,
        maxSlosPerFile: 20,
        maxConcurrentQueries: 8,
      },
      notifications: {
        enabled: true,
        frequencyMs: 300_000,
        initialDelayMs: 60_000,
      },
      sampleData: false,
    });
  });

  it('reads sources with their environments', () => {
    const settings = read({
      prometheus: [
        { name: 'prod', url: 'http://prom:9090/' },
        { name: 'stg', url: 'https://stg', environments: ['staging'] },
      ],
      cacheTtlSeconds: 5,
      gate: { minRemainingBudget: 0.5, failOpen: true, allowWithoutSlos: true },
    });
    expect(settings.sources.map(s => [s.client.name, s.environments])).toEqual([
      ['prod', ['production']],
      ['stg', ['staging']],
    ]);
    expect(settings.cacheTtlMs).toBe(5000);
    expect(settings.gate).toEqual({
      minRemainingBudget: 0.5,
      denyOnFastBurn: true,
      failOpen: true,
      allowWithoutSlos: true,
    });
  });

  it('fails naming the key on a bad value', () => {
    expect(() => read({ prometheus: [{ name: 'a', url: 'ftp://x' }] })).toThrow(
      "Invalid URL 'ftp://x' in config key slo.prometheus[0].url",
    );
    expect(() =>
      read({
        prometheus: [{ name: 'a', url: 'http://x', auth: { type: 'oauth' } }],
      }),
    ).toThrow(/slo\.prometheus\[0\]\.auth\.type/);
    expect(() =>
      read({ prometheus: [{ name: 'a', url: 'http://x', queryTimeoutMs: 0 }] }),
    ).toThrow('slo.prometheus[0].queryTimeoutMs must be a positive number');
    expect(() => read({ gate: { minRemainingBudget: 2 } })).toThrow(
      /slo\.gate\.minRemainingBudget/,
    );
    expect(() => read({ files: { maxBytes: 0 } })).toThrow(
      'slo.files.maxBytes must be a positive whole number',
    );
    expect(() => read({ queries: { maxSelectors: 1.5 } })).toThrow(
      'slo.queries.maxSelectors must be a positive whole number',
    );
    expect(() => read({ notifications: { frequencyMinutes: 0 } })).toThrow(
      'slo.notifications.frequencyMinutes must be a positive number',
    );
    expect(() => read({ notifications: { initialDelaySeconds: -1 } })).toThrow(
      'slo.notifications.initialDelaySeconds must be zero or a positive number',
    );
    expect(() => read({ notifications: { enabled: 'sometimes' } })).toThrow(
      /slo\.notifications\.enabled/,
    );
  });

  it('reads the notification settings', () => {
    expect(
      read({
        notifications: {
          enabled: false,
          frequencyMinutes: 0.5,
          initialDelaySeconds: 0,
        },
      }).notifications,
    ).toEqual({ enabled: false, frequencyMs: 30_000, initialDelayMs: 0 });
  });

  it('trusts the origins of the locations in catalog.locations', () => {
    const settings = readSloSettings(
      new ConfigReader({
        catalog: {
          locations: [
            { type: 'file', target: '../../catalog/samples/services.yaml' },
            { type: 'url', target: 'https://git.example.com/org.yaml' },
          ],
        },
      }),
    );
    expect(settings.files.trustedOrigins).toEqual([
      `file:${path.resolve('../../catalog/samples/services.yaml')}`,
      'url:https://git.example.com/org.yaml',
    ]);
  });

  it('asks for a SigV4 signer per source and fails without one', () => {
    const source = {
      name: 'amp',
      url: 'https://aps.example.com',
      auth: { type: 'sigv4', region: 'eu-west-1' },
    };
    expect(() => read({ prometheus: [source] })).toThrow(
      "slo.prometheus[0].auth.type is sigv4 but no SigV4 signer was provided for source 'amp'",
    );
    const signerFor = jest.fn(() => async () => ({ authorization: 'x' }));
    read({ prometheus: [source] }, { signerFor });
    expect(signerFor).toHaveBeenCalledWith('amp', 'eu-west-1');
  });
});

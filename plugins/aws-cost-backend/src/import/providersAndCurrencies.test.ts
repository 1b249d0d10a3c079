import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DEFAULT_TAG_KEYS } from '@runway/plugin-aws-cost-common';
import { resolve } from 'node:path';
import { readAwsCostConfig } from '../config';
import { costDatabases, dailyRow, newCostStore } from '../__testUtils__/store';
import { ReportQueries } from '../service/reports/ReportQueries';
import { importConfiguredFiles } from '../sources/fileSources';
import { storedTotals } from './__testUtils__/totals';
import { focusProvider } from './focus';
import { importCostFile } from './importer';

// Rows of providers other than AWS, and rows billed in another currency
// than the dashboard's, are not stored (ADR 0018): each import says per
// file which provider or currency it left out, with the rows and their
// EffectiveCost, and the source's status keeps those messages. Before,
// such rows were stored and summed with the AWS USD rows.

const databases = costDatabases();

jest.setTimeout(60_000);

const fixture = (name: string) => resolve(__dirname, '__fixtures__', name);

/** Imports configured files and returns the store and the sources' status. */
async function importFiles(
  id: Parameters<typeof newCostStore>[1],
  awsCost: NonNullable<ConstructorParameters<typeof ConfigReader>[0]>,
  before?: (
    store: Awaited<ReturnType<typeof newCostStore>>,
  ) => Promise<unknown>,
) {
  const store = await newCostStore(databases, id);
  await before?.(store);
  const config = readAwsCostConfig(new ConfigReader({ awsCost }));
  const logger = mockServices.logger.mock();
  const results = await importConfiguredFiles({ store, config, logger });
  const status = await new ReportQueries({ store, config }).status();
  return { store, results, status, logger };
}

describe.each(databases.eachSupportedId())(
  'providers and currencies, on %p',
  id => {
    it('stores the AWS rows of a FOCUS file mixing AWS and Azure, and names Microsoft with its rows and cost', async () => {
      const path = fixture('focus-1.2-aws-azure.csv');
      const { store, results, status, logger } = await importFiles(id, {
        sources: { files: [{ id: 'mixed', path }] },
      });
      // AWS rows only: 5.25 + 1.10 + 0.63 tax - 1.00 credit + 0 purchase
      // + 0.40 adjustment - 0.35 correction in October; 0.0000015 in September
      expect(await storedTotals(store, 'mixed')).toEqual([
        {
          period: '2026-09',
          account: '444444444444',
          cost: 2,
          billed: 2,
          rows: 1,
        },
        {
          period: '2026-10',
          account: '444444444444',
          cost: 6_030_000,
          billed: 126_030_000,
          rows: 7,
        },
      ]);
      const message = `${path}: 5 rows of provider Microsoft not imported (Runway reports AWS spend only), cost 3.043333 USD`;
      expect(results[0]).toMatchObject({
        rows: 13,
        errorCount: 0,
        excluded: [
          {
            file: path,
            reason: 'provider',
            provider: 'Microsoft',
            rows: 5,
            totals: [{ currency: 'USD', cost: '3.043333' }],
            message,
          },
        ],
      });
      expect(status.currency).toBe('USD');
      expect(status.sources).toEqual([
        expect.objectContaining({
          source: 'mixed',
          lastError: null,
          notices: [message],
        }),
      ]);
      expect(logger.warn).toHaveBeenCalledWith(message);
    });

    it('does not sum a EUR row into the USD figures of an AWS file, and says so per currency', async () => {
      const path = fixture('focus-1.0-aws-eur.csv');
      const { store, results, status } = await importFiles(id, {
        sources: { files: [{ id: 'aws', path }] },
      });
      // the S3 row (2.5E-5) of 222222222222 and the RDS row (12.3456785) of
      // 333333333333 are billed in EUR; the rest as in focus-1.0-aws.csv
      expect(await storedTotals(store, 'aws')).toEqual([
        {
          period: '2026-10',
          account: '111111111111',
          cost: 2_500_000,
          billed: 300_000_000,
          rows: 2,
        },
        {
          period: '2026-10',
          account: '222222222222',
          cost: -48_126_544,
          billed: -55_250_000,
          rows: 3,
        },
        {
          period: '2026-10',
          account: '333333333333',
          cost: -2_500_000,
          billed: -2_500_000,
          rows: 1,
        },
      ]);
      const message = `${path}: 2 rows billed in EUR not imported (amounts are shown in USD, never summed across currencies), cost 12.345704 EUR`;
      expect(results[0].excluded).toEqual([
        {
          file: path,
          reason: 'currency',
          provider: 'AWS',
          rows: 2,
          totals: [{ currency: 'EUR', cost: '12.345704' }],
          message,
        },
      ]);
      expect(status.sources[0].notices).toEqual([message]);
    });

    it('a file whose every row is of another provider or currency imports nothing and says why', async () => {
      const azure = fixture('focus-1.0r2-azure.csv');
      const aws = fixture('focus-1.1.csv');
      const { store, status } = await importFiles(
        id,
        {
          currency: 'EUR',
          sources: {
            files: [
              { id: 'azure', path: azure },
              { id: 'aws', path: aws },
            ],
          },
        },
        // what an earlier import stored for the same period and account goes
        earlier =>
          earlier.replacePeriod({
            source: 'aws',
            billingPeriod: '2026-11',
            accountId: '222222222222',
            rows: [
              dailyRow({
                source: 'aws',
                billingPeriod: '2026-11',
                accountId: '222222222222',
                usageDate: '2026-11-02',
                costMicros: 6_000_000n,
              }),
            ],
          }),
      );
      expect(await store.countRows()).toBe(0);
      expect(status.currency).toBe('EUR');
      expect(status.sources.map(s => [s.source, s.notices])).toEqual([
        [
          'aws',
          [
            `${aws}: 3 rows billed in USD not imported (amounts are shown in EUR, never summed across currencies), cost 6.750000 USD`,
          ],
        ],
        [
          'azure',
          [
            `${azure}: 5 rows of provider Microsoft not imported (Runway reports AWS spend only), cost -42.469590 USD`,
          ],
        ],
      ]);
    });

    it('names each provider of a four-provider file once, sorted', async () => {
      const store = await newCostStore(databases, id);
      const path = fixture('focus-1.2-sample.csv');
      const result = await importCostFile({
        store,
        source: 'field',
        path,
        tagKeys: DEFAULT_TAG_KEYS,
      });
      expect(result.excluded.map(e => e.message)).toEqual([
        `${path}: 3 rows of provider Google Cloud not imported (Runway reports AWS spend only), cost 1.870000 USD`,
        `${path}: 5 rows of provider Microsoft not imported (Runway reports AWS spend only), cost 3.043333 USD`,
        `${path}: 3 rows of provider Oracle not imported (Runway reports AWS spend only), cost 0.900000 USD`,
      ]);
    });
  },
);

describe('focusProvider', () => {
  it('reads AWS from any provider column, else names the first one', () => {
    // FOCUS 1.3: an AWS Marketplace row names its seller, AWS invoices it
    expect(
      focusProvider({
        ServiceProviderName: 'Datadog',
        HostProviderName: 'Datadog',
        InvoiceIssuerName: 'AWS EMEA SARL',
      }),
    ).toBe('AWS');
    expect(
      focusProvider({
        ProviderName: 'AWS',
        InvoiceIssuerName: 'Amazon Web Services, Inc.',
      }),
    ).toBe('AWS');
    expect(
      focusProvider({ ProviderName: 'Microsoft', InvoiceIssuerName: 'NULL' }),
    ).toBe('Microsoft');
    // OCI's 1.0-preview names
    expect(focusProvider({ Provider: 'Oracle', InvoiceIssuer: 'Oracle' })).toBe(
      'Oracle',
    );
    // no provider column: Runway's own sample data set, CUR 2.0
    expect(focusProvider({ ServiceName: 'Amazon S3' })).toBe('AWS');
  });

  it('refuses a row whose provider columns are all null', () => {
    expect(() =>
      focusProvider({ ProviderName: 'NULL', InvoiceIssuerName: '' }),
    ).toThrow('ProviderName is null');
  });
});

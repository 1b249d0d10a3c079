import { mockServices } from '@backstage/backend-test-utils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import {
  csvAmount,
  csvText,
  EXPORT_HEADER,
  exportLine,
  streamCsv,
} from './csvExport';

describe('CSV export cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
  ])('neutralises the text cell %j as %j', (value, cell) => {
    expect(csvText(value)).toBe(cell);
  });

  it.each([
    ['billing-worker', 'billing-worker'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['two\rlines', '"two\rlines"'],
    ['a=b', 'a=b'],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ])('writes the text cell %j as %j', (value, cell) => {
    expect(csvText(value)).toBe(cell);
  });

  it('keeps amounts as numbers, negative ones included', () => {
    expect(csvAmount('-1500000')).toBe('-1.500000');
    expect(csvAmount(-2_000_000)).toBe('-2.000000');
    expect(csvAmount('9007199254740993')).toBe('9007199254.740993');
  });

  it('writes a stored row as one line, text neutralised and amounts not', () => {
    expect(
      exportLine({
        usage_date: '2026-10-01',
        account_id: '111111111111',
        account_name: 'workloads',
        aws_service: 'Amazon S3',
        region: 'eu-west-1',
        usage_type: '-Requests',
        charge_type: 'Credit',
        team: '@team',
        service: '',
        environment: 'production',
        currency: 'USD',
        cost_micros: '-100000000',
        billed_micros: -100_000_000,
        source: 'focus',
      }),
    ).toBe(
      "2026-10-01,111111111111,workloads,Amazon S3,eu-west-1,'-Requests,Credit,'@team,,production,USD,-100.000000,-100.000000,focus\n",
    );
  });
});

describe('streamCsv', () => {
  const logger = mockServices.logger.mock();
  const row = (i: number) => ({
    usage_date: '2026-10-01',
    usage_type: `u${i}`.padEnd(200, 'x'),
    cost_micros: i,
    billed_micros: i,
  });

  /** Serves one export of `rows`; the client reads one chunk, then leaves. */
  async function exportTo(rows: () => Readable, leave = 'after-first-chunk') {
    let done!: Promise<void>;
    const server = http.createServer((_req, res) => {
      res.write(EXPORT_HEADER);
      done = streamCsv({ res: res as any, rows, logger });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>(resolve => {
      const req = http.get({ host: '127.0.0.1', port }, res => {
        res.once('data', () => {
          if (leave === 'after-first-chunk') req.destroy();
        });
      });
      req.on('error', () => {});
      if (leave === 'at-once') setTimeout(() => req.destroy(), 100);
      req.on('close', resolve);
    });
    await done;
    server.close();
  }

  it('destroys the rows stream when the client leaves mid-export', async () => {
    let i = 0;
    const rows = new Readable({
      objectMode: true,
      read() {
        this.push(i < 1_000_000 ? row(i++) : null);
      },
    });
    await exportTo(() => rows);
    expect(rows.destroyed).toBe(true);
    expect(i).toBeLessThan(1_000_000);
  });

  it('before the first row, waits for it (the connection) before destroying', async () => {
    const rows = new Readable({ objectMode: true, read() {} });
    const exporting = exportTo(() => rows, 'at-once');
    // the client has left; the database has not answered yet
    await new Promise(r => setTimeout(r, 300));
    const destroyedEarly = rows.destroyed;
    rows.push(row(1));
    await exporting;
    expect(destroyedEarly).toBe(false);
    expect(rows.destroyed).toBe(true);
  });
});

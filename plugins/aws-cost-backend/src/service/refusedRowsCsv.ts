import { RefusedRow } from '@runway/plugin-aws-cost-common';
import { AwsCostService } from './AwsCostService';
import { csvAmount, csvText } from './csvExport';

/** The first line of the refused rows' CSV download. */
export const REFUSED_HEADER =
  'source,file,line,column,reason,billing_period,account_id,currency,cost\n';

/**
 * One refused row as a line of the download: text cells neutralised
 * against formulas and quoted as the cost export's are (file names, reasons
 * and account ids come from the files); `cost` an exact decimal, empty when
 * the row's cost could not be read.
 */
export function refusedLine(row: RefusedRow): string {
  return `${[
    csvText(row.source),
    csvText(row.file),
    String(row.line),
    csvText(row.column),
    csvText(row.reason),
    csvText(row.billingPeriod),
    csvText(row.accountId),
    csvText(row.currency),
    row.costMicros === null ? '' : csvAmount(row.costMicros),
  ].join(',')}\n`;
}

/** Every listed refused row of a source (or of all), page by page, as CSV lines. */
export async function* refusedCsvLines(
  reports: AwsCostService,
  source: string | undefined,
): AsyncGenerator<string> {
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const page = await reports.refusedRows({ source, offset, limit });
    for (const row of page.rows) yield refusedLine(row);
    if (page.rows.length < limit) return;
  }
}

/*
 * Writes Runway's sample cost data set (FOCUS 1.2, gzipped CSV) to a file:
 *
 *   node plugins/aws-cost-backend/scripts/generate-sample.mts [out.csv.gz] [lastDay]
 *
 * The backend generates and imports the same data on first start when the
 * `sample` source is configured (app-config.development.yaml).
 */
import { writeSampleFile } from '../src/sample/generateSample.ts';

const path = process.argv[2] ?? 'sample-focus.csv.gz';
const lastDay =
  process.argv[3] ??
  new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
await writeSampleFile({ path, lastDay });
console.log(`wrote ${path} (13 months ending ${lastDay})`);

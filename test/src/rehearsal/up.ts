/**
 * `make rehearse`: starts the production rehearsal (environment.ts) and
 * keeps it running until Ctrl-C. scripts/rehearse builds the image first.
 * With RUNWAY_REHEARSAL_STATE set, writes the environment's URLs there as
 * JSON (the rehearsal suite's global setup reads them) and exits on SIGTERM.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runDir } from '../harness/processes';
import { startRehearsal } from './environment';
import { ACCOUNTS } from './site';
import { stateOf } from './state';

async function main() {
  const image = process.argv[2];
  const dir = runDir('rehearsal');
  const rehearsal = await startRehearsal({
    dir,
    image,
    log: message => console.log(`rehearsal: ${message}`),
  });
  const state = stateOf(rehearsal, dir);
  if (process.env.RUNWAY_REHEARSAL_STATE) {
    fs.writeFileSync(process.env.RUNWAY_REHEARSAL_STATE, JSON.stringify(state));
  }
  console.log(`
Runway (production build, 2 replicas behind haproxy): ${rehearsal.url}
Sign in with the company account, one per persona: ${Object.keys(ACCOUNTS).join(
    ', ',
  )}
Logs: ${path.relative(process.cwd(), dir)}  Stop: Ctrl-C`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await rehearsal.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

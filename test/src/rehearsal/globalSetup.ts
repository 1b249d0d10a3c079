import fs from 'node:fs';
import path from 'node:path';
import { runDir } from '../harness/processes';
import { startRehearsal } from './environment';
import { STATE_FILE, stateOf } from './state';

/**
 * Starts the rehearsal environment from RUNWAY_REHEARSAL_IMAGE and writes
 * its URLs for the specs (state.ts); returns the teardown.
 */
export default async function globalSetup() {
  // `make rehearse` writes its state there when RUNWAY_REHEARSAL_STATE is
  // set: the specs then run against that running rehearsal (state.ts reads
  // the file) and leave it running
  if (process.env.RUNWAY_REHEARSAL_RUNNING) {
    return async () => undefined;
  }
  const image = process.env.RUNWAY_REHEARSAL_IMAGE;
  if (!image) {
    throw new Error(
      'RUNWAY_REHEARSAL_IMAGE is not set: scripts/test.d/80-rehearsal.sh builds the image',
    );
  }
  const dir = runDir('rehearsal');
  const rehearsal = await startRehearsal({ dir, image });
  const state = stateOf(rehearsal, dir);
  fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
  return async () => {
    await rehearsal.stop();
  };
}

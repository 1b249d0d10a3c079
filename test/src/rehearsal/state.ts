import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../harness/processes';
import type { Rehearsal } from './environment';

/** What the specs know of the running rehearsal (written by globalSetup.ts). */
export type RehearsalState = {
  url: string;
  replicas: {
    name: string;
    url: string;
    metricsUrl: string;
    logFile: string;
  }[];
  motoUrl: string;
  dir: string;
  startedAt: number;
};

export const STATE_FILE = path.join(
  ROOT,
  'test-results',
  'rehearsal',
  'state.json',
);

export function rehearsalState(): RehearsalState {
  return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
}

/** The state of a started rehearsal, as the specs read it. */
export function stateOf(rehearsal: Rehearsal, dir: string): RehearsalState {
  return {
    url: rehearsal.url,
    replicas: rehearsal.replicas.map(r => ({
      name: r.name,
      url: r.url,
      metricsUrl: r.metricsUrl,
      logFile: r.logFile,
    })),
    motoUrl: rehearsal.moto.url,
    dir,
    startedAt: rehearsal.startedAt,
  };
}

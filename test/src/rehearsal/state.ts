import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../harness/processes';
import type { Rehearsal } from './environment';

/** What the specs know of the running rehearsal (written by globalSetup.ts). */
export type RehearsalState = {
  url: string;
  replicas: {
    name: string;
    /** The process id: the fault spec checks that no replica was restarted. */
    pid: number;
    url: string;
    metricsUrl: string;
    logFile: string;
  }[];
  motoUrl: string;
  /** Redis' port on 127.0.0.1 (the fault spec counts the keys the caches wrote). */
  redisPort: number;
  /** The fault control API of the environment's owner (faults.ts). */
  faultsUrl: string;
  /** The local clusters, by name. */
  clusters: string[];
  dir: string;
  startedAt: number;
};

export const STATE_FILE = path.join(
  ROOT,
  'test-results',
  'rehearsal',
  'state.json',
);

/**
 * The state of the rehearsal the specs run against: the running one named
 * by RUNWAY_REHEARSAL_RUNNING (`make rehearse`'s state file), else the one
 * the global setup started.
 */
export function rehearsalState(): RehearsalState {
  const file = process.env.RUNWAY_REHEARSAL_RUNNING ?? STATE_FILE;
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The state of a started rehearsal, as the specs read it. */
export function stateOf(rehearsal: Rehearsal, dir: string): RehearsalState {
  return {
    url: rehearsal.url,
    replicas: rehearsal.replicas.map(r => ({
      name: r.name,
      pid: r.child.pid!,
      url: r.url,
      metricsUrl: r.metricsUrl,
      logFile: r.logFile,
    })),
    motoUrl: rehearsal.moto.url,
    redisPort: rehearsal.redis.port,
    faultsUrl: rehearsal.faults.url,
    clusters: rehearsal.clusters.map(c => c.name),
    dir,
    startedAt: rehearsal.startedAt,
  };
}

/**
 * Before the cases: the hostile repository and another team's private
 * repository on the GitHub host, the hostile catalog file registered by the
 * developer through the catalog API (as the production config lets a
 * developer register), the other actors' writes (a stack that is not
 * Runway's, a cost export with formula tag values, an object in the TechDocs
 * bucket), and the names the cases need (pods, ids). Every wait is on a
 * condition, never on time.
 */
import fs from 'node:fs';
import {
  COST_EXPORT_BUCKET,
  COST_EXPORT_PREFIX,
  TECHDOCS_BUCKET,
} from '../rehearsal/seedAws';
import { createForeignStack, hostileFocusExport, putObject } from './aws';
import { abuseState, getJson, send, until } from './client';
import { blobUrl, pushRepo } from './gitRepos';
import {
  HOSTILE_REPO,
  hostileComponents,
  SUITE_DESCRIPTION,
  hostileFiles,
  VICTIM_REPO,
  victimFiles,
} from './hostile';

/** A pod the cases ask logs of. */
export type PodRef = { cluster: string; namespace: string; pod: string };

/** What the cases need to know about the running rehearsal. */
export type AbuseContext = {
  /** Location ids the developer registered, by file of the hostile repository. */
  registered: Record<string, string>;
  runwayPod: PodRef;
  paymentsPod: PodRef;
  /** A pod of the developer's own service (checkout-api). */
  ownPod: PodRef;
  /** The Location entity of catalog/org.yaml (from the app config). */
  orgLocationUid: string;
  paymentsApiUid: string;
  platformOpsUid: string;
  /** A task the developer started (failed at its first step). */
  developerTaskId: string;
  /** An existing stack of another team, untagged. */
  foreignStack: string;
  /** An object in the TechDocs bucket outside every entity's docs. */
  techdocsSecret: { key: string; marker: string };
  /** The month of the cost export with formula tag values. */
  formulaDay: string;
};

export const FOREIGN_STACK = 'abuse-stack-takeover';

/** Registers `file` of the hostile repository as the developer; its location id. */
export async function registerHostile(file: string): Promise<string> {
  const target = blobUrl(HOSTILE_REPO, file);
  const answer = await send('developer', {
    method: 'POST',
    path: '/api/catalog/locations',
    body: { type: 'url', target },
  });
  if (answer.status === 409) {
    // registered by an earlier run against the same rehearsal
    const known = (await locations()).find(l => l.target === target);
    if (known) return known.id;
  }
  if (answer.status !== 201) {
    throw new Error(`registering ${target}: ${answer.status} ${answer.text}`);
  }
  return answer.json.location.id;
}

/** Every registered location, as ops list them. */
export async function locations(): Promise<{ id: string; target: string }[]> {
  const list = await getJson<{ data: { id: string; target: string } }[]>(
    'ops',
    '/api/catalog/locations',
  );
  return list.map(l => l.data);
}

/** An entity as ops read it, or undefined. */
export async function entity(ref: string): Promise<any | undefined> {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const answer = await send('ops', {
    path: `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
  });
  return answer.status === 200 ? answer.json : undefined;
}

/** Waits until the catalog serves `ref` (ingested and stitched). */
export function ingested(ref: string, timeoutMs = 180_000) {
  return until(`${ref} in the catalog`, () => entity(ref), timeoutMs);
}

/**
 * Waits until a replica logged the catalog's processing of the hostile
 * `file` with a warning (a refused entity) at or after `since` (ms since
 * the epoch): the file was processed.
 */
export function processingRefused(
  file: string,
  since: number,
): Promise<string> {
  // the entity's location: the blob URL, or the tree URL of an entity in it
  const target = blobUrl(HOSTILE_REPO, file).replace('/blob/', '/');
  return until(`the catalog's verdict on ${file}`, async () => {
    for (const replica of abuseState().replicas) {
      const line = fs
        .readFileSync(replica.logFile, 'utf8')
        .split('\n')
        .find(
          l =>
            l
              .replace(/\/(blob|tree)\//, '/')
              .includes(`"location":"url:${target}"`) &&
            /"level":"(warn|error)"/.test(l) &&
            Date.parse(JSON.parse(l).timestamp) >= since,
        );
      if (line) return JSON.parse(line).message as string;
    }
    return undefined;
  });
}

async function podOf(entityRef: string, namespace: string): Promise<PodRef> {
  const body = await getJson(
    'ops',
    `/api/eks/workloads?entity=${encodeURIComponent(entityRef)}`,
  );
  for (const w of body.health.workloads) {
    if (w.namespace === namespace && w.pods.length > 0) {
      return { cluster: w.cluster, namespace, pod: w.pods[0].name };
    }
  }
  throw new Error(`no pod of ${entityRef} in ${namespace}`);
}

/** A scaffolder task's final status and its events, once it has ended. */
export async function finishedTask(
  caller: 'developer' | 'ops',
  id: string,
): Promise<{ status: string; failedStep?: string; events: any[] }> {
  return until(
    `task ${id} to end`,
    async () => {
      const task = await getJson(caller, `/api/scaffolder/v2/tasks/${id}`);
      if (!['failed', 'completed', 'cancelled'].includes(task.status)) {
        return undefined;
      }
      const events = await getJson<any[]>(
        caller,
        `/api/scaffolder/v2/tasks/${id}/events`,
      );
      const failed = events.find(
        e => e.body?.status === 'failed' && e.body?.stepId,
      );
      return {
        status: task.status as string,
        failedStep: failed?.body.stepId as string | undefined,
        events,
      };
    },
    300_000,
  );
}

/** The cost sources' last successful imports (ops' view of /status). */
export async function costImports(): Promise<string> {
  const { sources } = await getJson('ops', '/api/aws-cost/status');
  return JSON.stringify(
    sources.map((s: any) => [s.source, s.lastSuccessAt, s.lastAttemptAt]),
  );
}

/** An S3 cost export whose tag values are formulas, imported by ops. */
async function importFormulaExport(day: string) {
  const before = await costImports();
  await putObject(
    COST_EXPORT_BUCKET,
    `${COST_EXPORT_PREFIX}focus/BILLING_PERIOD=${day.slice(
      0,
      7,
    )}/abuse-formulas.csv`,
    hostileFocusExport(day),
  );
  const trigger = await send('ops', {
    method: 'POST',
    path: '/api/aws-cost/.backstage/scheduler/v1/tasks/aws-cost-s3-import/trigger',
  });
  // 409: a scheduled run is under way; it picks the object up too
  if (![200, 409].includes(trigger.status)) {
    throw new Error(`import trigger: ${trigger.status} ${trigger.text}`);
  }
  await until(
    'the formula export to be imported',
    async () => {
      if ((await costImports()) === before) return undefined;
      const csv = await send('manager', {
        path: `/api/aws-cost/export.csv?from=${day}&to=${day}&service=abuse-csv-formula`,
      });
      return csv.text.includes('abuse-csv-formula') ? true : undefined;
    },
    180_000,
  );
}

/**
 * Pushes both repositories, registers the hostile catalog file, waits for
 * every hostile Component, and prepares what the other actors write.
 */
export async function setUp(): Promise<AbuseContext> {
  pushRepo(VICTIM_REPO, victimFiles());
  pushRepo(HOSTILE_REPO, hostileFiles());
  const registered = {
    'catalog-info.yaml': await registerHostile('catalog-info.yaml'),
  };
  for (const [name, spec] of Object.entries(hostileComponents())) {
    await ingested(`component:${spec.namespace ?? 'default'}/${name}`);
  }
  // Decisions follows catalog changes: wait until its index holds each
  // ADR folder (an ADR or an error entry)
  for (const name of [
    'abuse-adr-absolute',
    'abuse-adr-traversal',
    'abuse-adr-file',
    'abuse-adr-ssrf',
    'abuse-adr-victim',
  ]) {
    const ref = `component:default/${name}`;
    await until(
      `the Decisions index to hold ${ref}`,
      async () => {
        const { items, errors } = await getJson(
          'ops',
          `/api/decisions/adrs?entity=${encodeURIComponent(ref)}`,
        );
        return items.length + errors.length > 0 ? true : undefined;
      },
      180_000,
    );
  }

  await createForeignStack(FOREIGN_STACK);
  const techdocsSecret = {
    key: 'abuse/secret.txt',
    marker: 'techdocs-private-7d41e0',
  };
  await putObject(TECHDOCS_BUCKET, techdocsSecret.key, techdocsSecret.marker);
  const formulaDay = '2026-09-15';
  await importFormulaExport(formulaDay);

  // the app config's locations are Location entities, not registered ones
  const { items: configLocations } = await getJson(
    'ops',
    '/api/catalog/entities/by-query?filter=kind=location,spec.type=file&limit=100',
  );
  const orgLocation = configLocations.find((l: any) =>
    String(l.spec.target).endsWith('/catalog/org.yaml'),
  );
  if (!orgLocation) throw new Error('no Location entity of catalog/org.yaml');
  const payments = await entity('component:default/payments-api');

  // a task of the developer's: the runbook template on a service whose
  // repository Runway cannot change fails at its first step
  const task = await send('developer', {
    method: 'POST',
    path: '/api/scaffolder/v2/tasks',
    body: {
      templateRef: 'template:default/new-runbook-section',
      values: {
        component: 'component:default/payments-api',
        title: 'AbuseSuiteOwnerCheck',
        severity: 'info',
        meaning: 'The abuse suite checks who reads this task.',
        check: 'Nothing.',
        fix: 'Nothing.',
      },
    },
  });
  if (task.status !== 201) {
    throw new Error(`the developer's task: ${task.status} ${task.text}`);
  }
  await finishedTask('developer', task.json.id);

  return {
    registered,
    runwayPod: await podOf('component:default/runway', 'runway'),
    paymentsPod: await podOf('component:default/payments-api', 'production'),
    ownPod: await podOf('component:default/checkout-api', 'production'),
    orgLocationUid: orgLocation.metadata.uid,
    paymentsApiUid: payments.metadata.uid,
    platformOpsUid: (await entity('group:default/platform-ops')).metadata.uid,
    developerTaskId: task.json.id,
    foreignStack: FOREIGN_STACK,
    techdocsSecret,
    formulaDay,
  };
}

/**
 * Removes what the suite registered: its locations, then their entities
 * (as ops), so the rehearsal serves what it served before.
 */
export async function cleanUp() {
  const prefix = blobUrl(HOSTILE_REPO, '');
  for (const l of await locations()) {
    if (l.target.startsWith(prefix)) {
      await send('ops', {
        method: 'DELETE',
        path: `/api/catalog/locations/${l.id}`,
      });
    }
  }
  const { items } = await getJson(
    'ops',
    `/api/catalog/entities/by-query?filter=${encodeURIComponent(
      `metadata.description=${SUITE_DESCRIPTION}`,
    )}&limit=500`,
  );
  for (const e of items) {
    await send('ops', {
      method: 'DELETE',
      path: `/api/catalog/entities/by-uid/${e.metadata.uid}`,
    });
  }
}

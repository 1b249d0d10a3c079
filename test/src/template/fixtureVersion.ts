/*
 * A fixture version of the golden path for the upgrade tests: 1.1.0 of a
 * copy of templates/microservice that changes the Go Dockerfile, a manifest
 * (the Deployment's revisionHistoryLimit) and the GitHub Actions pipeline
 * (an env entry). Every generated service still builds and validates.
 */
import fs from 'node:fs';
import path from 'node:path';

export const FIXTURE_VERSION = '1.1.0';

/** The line the fixture appends to the Go service's Dockerfile. */
export const FIXTURE_DOCKERFILE_LINE =
  'LABEL org.opencontainers.image.vendor="Runway"';

/** Edits a file of the copy; fails when the anchor is not there. */
function edit(dir: string, rel: string, from: string | RegExp, to: string) {
  const file = path.join(dir, rel);
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${rel}: ${from} not found`);
  fs.writeFileSync(file, next);
}

/**
 * Turns the copy of the template in `dir` (at 1.0.0) into the fixture 1.1.0:
 * the development template and the production one (template.production.yaml,
 * generated from template.yaml, carries the same version strings).
 */
export function publishFixtureVersion(dir: string): void {
  for (const template of ['template.yaml', 'template.production.yaml']) {
    edit(dir, template, /'1\.0\.0'/g, `'${FIXTURE_VERSION}'`);
  }
  fs.appendFileSync(
    path.join(dir, 'skeleton/go/Dockerfile'),
    `${FIXTURE_DOCKERFILE_LINE}\n`,
  );
  edit(
    dir,
    'skeleton/packaging/kustomize/k8s/base/${{ values.workloadKind | lower }}.yaml',
    'revisionHistoryLimit: 5',
    'revisionHistoryLimit: 10',
  );
  edit(
    dir,
    'skeleton/ci/github-actions/.github/workflows/ci.yaml',
    /\nenv:\n/,
    `\nenv:\n  RUNWAY_TEMPLATE_FIXTURE: "${FIXTURE_VERSION}"\n`,
  );
}

/**
 * Asks the catalog to read the template again (its location is refreshed
 * with it) and waits until it shows `version`.
 */
export async function refreshTemplate(
  baseUrl: string,
  token: string,
  version: string,
): Promise<void> {
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    const refreshed = await fetch(`${baseUrl}/api/catalog/refresh`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ entityRef: 'template:default/microservice' }),
    });
    if (!refreshed.ok) {
      throw new Error(`catalog refresh answered ${refreshed.status}`);
    }
    const entity = await (
      await fetch(
        `${baseUrl}/api/catalog/entities/by-name/template/default/microservice`,
        { headers },
      )
    ).json();
    if (
      entity.metadata?.annotations?.['runway.io/template-version'] === version
    ) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`the catalog did not show microservice ${version}`);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

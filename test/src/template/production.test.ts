/**
 * The production variant of the microservice template
 * (templates/microservice/template.production.yaml, generated from
 * template.yaml by generate-production.mjs): it is not stale, every action
 * it uses is registered by the real backend configured as in production
 * (publish provider github: runway:publish:local is not registered there),
 * it passes the same validation as the development template (catalog entity
 * validation, the dry-run API with runway:template:validate as its first
 * step), and app-config.production.yaml and the backend image register it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  Backend,
  guestToken,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import { freePort, ROOT, runDir } from '../harness/processes';
import { COMBINATIONS, formValues } from './combinations';
import { dryRun, TEMPLATE_DIR } from './dryRun';
import { run } from './tools';

jest.setTimeout(300_000);

const GENERATOR = path.join(TEMPLATE_DIR, 'generate-production.mjs');
const PRODUCTION_FILE = 'template.production.yaml';
const production = () =>
  parse(fs.readFileSync(path.join(TEMPLATE_DIR, PRODUCTION_FILE), 'utf8'));

describe('generation', () => {
  it('template.production.yaml is what generate-production.mjs makes of template.yaml', async () => {
    const res = await run(process.execPath, [GENERATOR, '--check']);
    expect({ code: res.code, stderr: res.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
  });

  it('--check fails once template.yaml changes without regenerating', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'template-stale-'));
    try {
      const changed = path.join(tmp, 'template.yaml');
      fs.writeFileSync(
        changed,
        fs
          .readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8')
          .replace('title: Microservice (golden path)', 'title: Changed'),
      );
      const res = await run(process.execPath, [
        GENERATOR,
        '--check',
        '--template',
        changed,
        '--out',
        path.join(TEMPLATE_DIR, PRODUCTION_FILE),
      ]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('is stale');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('publishes with publish:github and catalog:register instead of runway:publish:local', () => {
    const dev = parse(
      fs.readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
    );
    const prod = production();
    const actions = (t: any) => t.spec.steps.map((s: any) => s.action);
    expect(actions(dev).at(-1)).toBe('runway:publish:local');
    expect(actions(prod)).toEqual([
      ...actions(dev).slice(0, -1),
      'publish:github',
      'catalog:register',
    ]);
    expect(prod.metadata.name).toBe(dev.metadata.name);
    const publish = prod.spec.steps.find((s: any) => s.id === 'publish');
    expect(publish.input.repoUrl).toBe(
      'github.com?owner=${{ parameters.repoOwner }}&repo=${{ parameters.name }}',
    );
    expect(prod.spec.output.links.find((l: any) => l.entityRef).entityRef).toBe(
      '${{ steps.register.output.entityRef }}',
    );
    // the GitLab alternative is documented in the generated file
    expect(
      fs.readFileSync(path.join(TEMPLATE_DIR, PRODUCTION_FILE), 'utf8'),
    ).toContain('action: publish:gitlab');
  });
});

describe('production configuration', () => {
  it('app-config.production.yaml registers the production template, and the image ships it', () => {
    const config = parse(
      fs.readFileSync(path.join(ROOT, 'app-config.production.yaml'), 'utf8'),
    );
    const location = config.catalog.locations.find((l: any) =>
      String(l.target).includes('templates/microservice'),
    );
    expect(location).toEqual({
      type: 'file',
      target: `./templates/microservice/${PRODUCTION_FILE}`,
      rules: [{ allow: ['Template'] }],
    });
    // targets are relative to the container's working folder, the repo root
    expect(fs.existsSync(path.join(ROOT, location.target))).toBe(true);
    expect(config.runwayTemplates.publish.provider).toBe('github');
    const dockerfile = fs.readFileSync(
      path.join(ROOT, 'packages', 'backend', 'Dockerfile'),
      'utf8',
    );
    expect(dockerfile).toMatch(
      /^COPY .*templates\/microservice \.\/templates\/microservice$/m,
    );
  });
});

describe('against the backend configured to publish to GitHub', () => {
  let backend: Backend;
  let token: string;

  beforeAll(async () => {
    backend = await startBackend({
      port: await freePort(),
      dir: runDir('template-production'),
      config: {
        runwayTemplates: {
          publish: { provider: 'github', host: 'github.com', owner: 'acme' },
        },
      },
    });
    await waitForEntities(backend.baseUrl, 'kind=group', { count: 3 });
    await waitForEntities(backend.baseUrl, 'kind=system', { count: 3 });
    token = await guestToken(backend.baseUrl);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('registers every action the production template uses, and not runway:publish:local', async () => {
    const res = await fetch(`${backend.baseUrl}/api/scaffolder/v2/actions`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const registered = new Set(
      ((await res.json()) as { id: string }[]).map(a => a.id),
    );
    const used: string[] = production().spec.steps.map((s: any) => s.action);
    expect(used.filter(id => !registered.has(id))).toEqual([]);
    expect(registered.has('runway:publish:local')).toBe(false);
  });

  it('the catalog validates the production template entity', async () => {
    const res = await fetch(`${backend.baseUrl}/api/catalog/validate-entity`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        entity: production(),
        location: `url:https://github.com/acme/runway/blob/main/templates/microservice/${PRODUCTION_FILE}`,
      }),
    });
    expect({ status: res.status, body: await res.text() }).toMatchObject({
      status: 200,
    });
  });

  it('dry-runs like the development template, with the repository owner in the catalog entry', async () => {
    const c = COMBINATIONS[0];
    const values = { ...formValues(c), repoOwner: 'acme-services' };
    const { status, result, text } = await dryRun(
      backend.baseUrl,
      token,
      values,
      PRODUCTION_FILE,
    );
    expect({ status, text: status === 200 ? '' : text }).toEqual({
      status: 200,
      text: '',
    });
    expect(result.log.filter(l => l.body.status === 'failed')).toEqual([]);
    const entity = parse(
      Buffer.from(
        result.directoryContents.find(f => f.path === 'catalog-info.yaml')!
          .base64Content,
        'base64',
      ).toString('utf8'),
    );
    expect(entity.metadata.annotations['github.com/project-slug']).toBe(
      `acme-services/${c.name}`,
    );
    // the publish steps do not support dry runs: they are listed, not run
    expect(result.steps.map(s => s.id).slice(-2)).toEqual([
      'publish',
      'register',
    ]);
  });

  it('refuses a repository owner that is not a GitHub organisation name (parameter schema)', async () => {
    const { status, text } = await dryRun(
      backend.baseUrl,
      token,
      { ...formValues(COMBINATIONS[0]), repoOwner: 'acme/../x' },
      PRODUCTION_FILE,
    );
    expect(status).toBe(400);
    expect(text).toContain('repoOwner');
  });

  it('refuses a name already in the catalog at its first step, before publishing', async () => {
    const { status, result, text } = await dryRun(
      backend.baseUrl,
      token,
      {
        ...formValues(COMBINATIONS[0]),
        name: 'checkout-api',
        repoOwner: 'acme-services',
      },
      PRODUCTION_FILE,
    );
    // the run stops with the first step's InputError: no files, no publish
    expect({ status, files: result.directoryContents }).toEqual({
      status: 400,
      files: undefined,
    });
    expect(JSON.parse(text).error.message).toContain(
      'name: a component named "checkout-api" already exists in the catalog',
    );
  });
});

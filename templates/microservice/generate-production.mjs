#!/usr/bin/env node
// Generates template.production.yaml (the microservice template as
// production registers it, app-config.production.yaml) from template.yaml,
// so that the two never drift apart:
//   - a "Repository" page asks for the GitHub organisation (repoOwner),
//   - the catalog entry's CI annotations use that organisation,
//   - runway:publish:local is replaced by publish:github + catalog:register
//     (publish:gitlab is documented in a comment on the publish step).
// Every other parameter and step is copied as it is.
//
//   node templates/microservice/generate-production.mjs          write it
//   node templates/microservice/generate-production.mjs --check  exit 1 when stale
// Options: --template <in> --out <file> (tests use them).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const YAML = require('yaml');

const here = path.dirname(fileURLToPath(import.meta.url));

/** The production template's text for the development template's text. */
export function generateProduction(source) {
  const doc = YAML.parseDocument(source);
  if (doc.errors.length > 0) throw doc.errors[0];
  const spec = doc.get('spec');
  const steps = spec.get('steps');
  const stepIds = steps.items.map(s => s.get('id'));
  const publishIndex = stepIds.indexOf('publish');
  if (publishIndex === -1) throw new Error('template.yaml has no publish step');
  if (steps.items[publishIndex].get('action') !== 'runway:publish:local') {
    throw new Error(
      'the publish step of template.yaml is not runway:publish:local',
    );
  }

  doc.commentBefore = [
    ' GENERATED from template.yaml by generate-production.mjs: do not edit.',
    ' Production variant of the golden path (app-config.production.yaml):',
    ' publishes to GitHub with publish:github and registers the new',
    ' repository with catalog:register. See templates/README.md.',
  ].join('\n');

  const description = doc.getIn(['metadata', 'description']);
  doc.setIn(
    ['metadata', 'description'],
    `${String(description).trim()} Publishes a new GitHub repository.`,
  );

  // The repository page.
  const repoPage = doc.createNode({
    title: 'Repository',
    required: ['repoOwner'],
    properties: {
      repoOwner: {
        title: 'GitHub organisation',
        type: 'string',
        description:
          'The organisation (or user) that owns the new repository; the repository is named after the service.',
        pattern: '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$',
        'ui:help': 'For example: acme-services',
      },
    },
  });
  spec.get('parameters').items.push(repoPage);

  // The values shared by every fetch:template step (anchored on the first).
  const validate = steps.items[stepIds.indexOf('validate')];
  validate
    .getIn(['input', 'strings'])
    .set('repoOwner', '${{ parameters.repoOwner }}');
  const values = steps.items
    .map(s => s.getIn(['input', 'values']))
    .find(v => YAML.isMap(v));
  if (!values || !values.has('repoOwner')) {
    throw new Error(
      'template.yaml: the fetch:template values have no repoOwner',
    );
  }
  values.set('repoOwner', '${{ parameters.repoOwner }}');

  const publish = doc.createNode({
    id: 'publish',
    name: 'Publish the repository to GitHub',
    action: 'publish:github',
    input: {
      repoUrl:
        'github.com?owner=${{ parameters.repoOwner }}&repo=${{ parameters.name }}',
      description: '${{ parameters.description }}',
      defaultBranch: 'main',
      repoVisibility: 'private',
    },
  });
  publish.commentBefore = [
    ' GitLab instead (the backend has the GitLab scaffolder module; set',
    ' runwayTemplates.publish.provider: gitlab and integrations.gitlab):',
    '   action: publish:gitlab',
    '   input:',
    '     repoUrl: gitlab.com?owner=${{ parameters.repoOwner }}&repo=${{ parameters.name }}',
    '     description: ${{ parameters.description }}',
    '     defaultBranch: main',
    '     repoVisibility: private',
    ' and the same catalog:register step.',
  ].join('\n');
  const register = doc.createNode({
    id: 'register',
    name: 'Register the service in the catalog',
    action: 'catalog:register',
    input: {
      repoContentsUrl: '${{ steps.publish.output.repoContentsUrl }}',
      catalogInfoPath: '/catalog-info.yaml',
    },
  });
  steps.items.splice(publishIndex, 1, publish, register);

  const links = doc.getIn(['spec', 'output', 'links']);
  for (const link of links.items) {
    if (link.has('entityRef')) {
      link.set('entityRef', '${{ steps.register.output.entityRef }}');
    }
  }
  // formatted as the repository formats YAML (prettier --check . in make test)
  const prettier = require('prettier');
  const text = doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
  return prettier.format(text, {
    ...prettier.resolveConfig.sync(path.join(here, 'template.yaml')),
    parser: 'yaml',
  });
}

function main(argv) {
  const arg = name => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const input = arg('--template') ?? path.join(here, 'template.yaml');
  const out = arg('--out') ?? path.join(here, 'template.production.yaml');
  const text = generateProduction(fs.readFileSync(input, 'utf8'));
  if (argv.includes('--check')) {
    const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
    if (current !== text) {
      console.error(
        `${path.relative(
          process.cwd(),
          out,
        )} is stale: run node templates/microservice/generate-production.mjs`,
      );
      process.exit(1);
    }
    console.log(`${path.relative(process.cwd(), out)} is up to date`);
    return;
  }
  fs.writeFileSync(out, text);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  main(process.argv.slice(2));
}

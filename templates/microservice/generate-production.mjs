#!/usr/bin/env node
// Generates template.production.yaml (the microservice template as
// production registers it, app-config.production.yaml) from template.yaml,
// so that the two never drift apart:
//   - a "Repository" page asks for the repository owner (repoOwner): a
//     GitHub organisation or user, or a GitLab group path; empty means
//     runwayTemplates.publish.owner,
//   - runway:publish:target (right after the input check) reads the
//     backend's runwayTemplates.publish config and outputs the provider
//     (github | gitlab), the owner and the repoUrl,
//   - the catalog entry's CI annotations use that owner, and the recorded
//     answers (.runway-answers.yaml) hold the form's repoOwner,
//   - runway:publish:local is replaced by publish:github and publish:gitlab,
//     each run only for its provider (if:), then catalog:register of
//     whichever ran.
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
    ' publishes a new repository to GitHub (publish:github) or GitLab',
    ' (publish:gitlab), as the backend config runwayTemplates.publish says,',
    ' and registers it with catalog:register. See templates/README.md.',
  ].join('\n');

  const description = doc.getIn(['metadata', 'description']);
  doc.setIn(
    ['metadata', 'description'],
    `${String(
      description,
    ).trim()} Publishes a new GitHub or GitLab repository.`,
  );

  // The repository page.
  // GitHub: an organisation or user name; GitLab: a group path (levels
  // separated by /). runway:publish:target checks it for the provider.
  const segment = '[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?';
  const repoPage = doc.createNode({
    title: 'Repository',
    properties: {
      repoOwner: {
        title: 'Repository owner',
        type: 'string',
        description:
          'Who owns the new repository, which is named after the service: on GitHub an organisation (or user), on GitLab a group or subgroup path such as payments/core. Runway publishes to GitHub or GitLab as its configuration says (runwayTemplates.publish.provider). Leave empty for the default owner (runwayTemplates.publish.owner).',
        pattern: `^${segment}(?:/${segment})*$`,
        maxLength: 255,
        'ui:help':
          'For example: acme-services (GitHub) or payments/core (GitLab)',
      },
    },
  });
  spec.get('parameters').items.push(repoPage);

  // Where to publish, from the backend's runwayTemplates.publish config:
  // right after the input check, so that the rendered files know the owner.
  const validateIndex = stepIds.indexOf('validate');
  if (validateIndex === -1)
    throw new Error('template.yaml has no validate step');
  const target = doc.createNode({
    id: 'target',
    name: 'Choose where to publish (GitHub or GitLab)',
    action: 'runway:publish:target',
    input: {
      name: '${{ parameters.name }}',
      owner: '${{ parameters.repoOwner }}',
    },
  });
  target.commentBefore = [
    ' Outputs provider (github | gitlab, from runwayTemplates.publish.provider),',
    " owner (the form's, or runwayTemplates.publish.owner) and repoUrl",
    ' (<runwayTemplates.publish.host>?owner=<owner>&repo=<name>).',
  ].join('\n');
  target.spaceBefore = true;

  // The values shared by every fetch:template step (anchored on the first).
  const values = steps.items
    .map(s => s.getIn(['input', 'values']))
    .find(v => YAML.isMap(v));
  if (!values || !values.has('repoOwner')) {
    throw new Error(
      'template.yaml: the fetch:template values have no repoOwner',
    );
  }
  values.set('repoOwner', '${{ steps.target.output.owner }}');
  const ownerKey = values.items.find(
    pair => String(pair.key?.value ?? pair.key) === 'repoOwner',
  ).key;
  ownerKey.commentBefore = [
    ' Owner of the repository (CI annotations of the catalog entry), as',
    " runway:publish:target chose it: the form's, or runwayTemplates.publish.owner.",
  ].join('\n');
  if (!values.has('gitHost')) {
    throw new Error('template.yaml: the fetch:template values have no gitHost');
  }
  values.set('gitHost', '${{ steps.target.output.host }}');
  values.items.find(
    pair => String(pair.key?.value ?? pair.key) === 'gitHost',
  ).key.commentBefore =
    ' Host of the repository (Argo CD Applications), as runway:publish:target chose it.';
  // The recorded answers (.runway-answers.yaml) hold the form's
  // repository owner too; left empty, it is not recorded.
  const answers = values.get('answers');
  if (!YAML.isMap(answers)) {
    throw new Error('template.yaml: the fetch:template values have no answers');
  }
  answers.set('repoOwner', '${{ parameters.repoOwner }}');

  const publishGithub = doc.createNode({
    id: 'publish-github',
    name: 'Publish the repository to GitHub',
    if: "${{ steps.target.output.provider === 'github' }}",
    action: 'publish:github',
    input: {
      repoUrl: '${{ steps.target.output.repoUrl }}',
      description: '${{ parameters.description }}',
      defaultBranch: 'main',
      repoVisibility: 'private',
    },
  });
  publishGithub.commentBefore = [
    ' Exactly one of the two publish steps runs, chosen by the backend config',
    ' runwayTemplates.publish.provider:',
    '   github: publish:github, with integrations.github (token GITHUB_TOKEN)',
    '           for runwayTemplates.publish.host (default github.com)',
    '   gitlab: publish:gitlab, with integrations.gitlab (token GITLAB_TOKEN)',
    '           for runwayTemplates.publish.host (default gitlab.com)',
    ' Both push the workspace to branch main of a new private repository',
    ' <owner>/<name>; the catalog then reads its catalog-info.yaml through',
    ' the same integration.',
  ].join('\n');
  const publishGitlab = doc.createNode({
    id: 'publish-gitlab',
    name: 'Publish the repository to GitLab',
    if: "${{ steps.target.output.provider === 'gitlab' }}",
    action: 'publish:gitlab',
    input: {
      repoUrl: '${{ steps.target.output.repoUrl }}',
      defaultBranch: 'main',
      settings: {
        description: '${{ parameters.description }}',
        visibility: 'private',
      },
    },
  });
  const published = output =>
    `\${{ steps['publish-github'].output.${output} or steps['publish-gitlab'].output.${output} }}`;
  const register = doc.createNode({
    id: 'register',
    name: 'Register the service in the catalog',
    action: 'catalog:register',
    input: {
      repoContentsUrl: published('repoContentsUrl'),
      catalogInfoPath: '/catalog-info.yaml',
    },
  });
  steps.items.splice(publishIndex, 1, publishGithub, publishGitlab, register);
  steps.items.splice(validateIndex + 1, 0, target);

  const links = doc.getIn(['spec', 'output', 'links']);
  for (const link of links.items) {
    if (link.has('entityRef')) {
      link.set('entityRef', '${{ steps.register.output.entityRef }}');
    }
    if (link.get('url') === '${{ steps.publish.output.remoteUrl }}') {
      link.set('url', published('remoteUrl'));
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

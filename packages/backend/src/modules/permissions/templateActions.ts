import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { scaffolderActionConditions } from '@backstage/plugin-scaffolder-backend/alpha';

/** A value an action input must have; a list means any one of them. */
export type TemplateActionValue = string | boolean | number | readonly string[];

/**
 * One form in which Runway's templates call a scaffolder action: the action
 * id and the inputs that must have exactly these values (keys are paths into
 * the rendered input, e.g. `settings.visibility`). Inputs not listed may
 * take any value.
 *
 * @public
 */
export type TemplateActionForm = {
  action: string;
  input?: Record<string, TemplateActionValue>;
};

/**
 * The actions Runway's shipped templates (templates/) run, in the forms they
 * use them. Developers may run these and nothing else; ops run any action.
 *
 * Actions that only read or write the task's workspace are listed by id.
 * Actions that act with Runway's credentials (AWS, the integration tokens,
 * the local repositories, the catalog) are pinned to the inputs the
 * templates fix, so that a step can only be what the template wrote:
 * the CloudFormation template file and region, the folders fetched into and
 * published from, the visibility of new repositories.
 *
 * A template repository added to the trusted locations (app-config.yaml,
 * `catalog.rules`) whose steps use other actions or forms needs its forms
 * added here; `policy.test.ts` checks that every step of the shipped
 * templates is allowed.
 */
export const TEMPLATE_ACTION_FORMS: readonly TemplateActionForm[] = [
  // Workspace only (catalog look-ups with the backend's credentials answer
  // only whether a name is taken).
  { action: 'runway:template:validate' },
  { action: 'runway:publish:target' },
  { action: 'runway:slo:rules' },
  { action: 'runway:adr:create' },
  { action: 'runway:runbook:section' },
  // The golden path's skeletons, relative to the (trusted) template.
  {
    action: 'fetch:template',
    input: {
      url: [
        './skeleton/common',
        './skeleton/typescript',
        './skeleton/python',
        './skeleton/go',
        './skeleton/ci/github-actions',
        './skeleton/ci/gitlab-ci',
        './skeleton/ci/jenkins',
        './skeleton/options/public',
        './skeleton/options/secrets',
      ],
    },
  },
  // Runway's AWS credentials and CloudFormation service role.
  {
    action: 'aws:cloudformation:deploy',
    input: { templateFile: 'infra/cloudformation.yaml', region: 'eu-west-1' },
  },
  // Local repositories (development).
  {
    action: 'runway:publish:local',
    input: { catalogInfoPath: 'catalog-info.yaml' },
  },
  { action: 'runway:docs:checkout', input: { path: 'repo' } },
  { action: 'runway:docs:commit', input: { path: 'repo' } },
  // The integration tokens: a service's docs into the workspace, pull and
  // merge requests from it, new private repositories.
  { action: 'fetch:plain', input: { targetPath: 'repo/docs' } },
  { action: 'fetch:plain:file', input: { targetPath: 'repo/mkdocs.yml' } },
  { action: 'publish:github:pull-request', input: { sourcePath: 'repo' } },
  { action: 'publish:gitlab:merge-request', input: { sourcePath: 'repo' } },
  {
    action: 'publish:github',
    input: { defaultBranch: 'main', repoVisibility: 'private' },
  },
  {
    action: 'publish:gitlab',
    input: { defaultBranch: 'main', 'settings.visibility': 'private' },
  },
  // The initiator's own credentials, the file the golden path writes.
  {
    action: 'catalog:register',
    input: { catalogInfoPath: '/catalog-info.yaml' },
  },
];

type ActionCriteria = PermissionCriteria<
  PermissionCondition<'scaffolder-action'>
>;
type NonEmpty<T> = [T, ...T[]];

function propertyCondition(
  key: string,
  value: string | boolean | number,
): ActionCriteria {
  switch (typeof value) {
    case 'boolean':
      return scaffolderActionConditions.hasBooleanProperty({ key, value });
    case 'number':
      return scaffolderActionConditions.hasNumberProperty({ key, value });
    default:
      return scaffolderActionConditions.hasStringProperty({ key, value });
  }
}

function formCriteria(form: TemplateActionForm): ActionCriteria {
  const criteria: NonEmpty<ActionCriteria> = [
    scaffolderActionConditions.hasActionId({ actionId: form.action }),
  ];
  for (const [key, expected] of Object.entries(form.input ?? {})) {
    const [first, ...rest] = (
      typeof expected === 'object' ? expected : [expected]
    ).map(v => propertyCondition(key, v));
    criteria.push(rest.length === 0 ? first : { anyOf: [first, ...rest] });
  }
  return criteria.length === 1 ? criteria[0] : { allOf: criteria };
}

/**
 * The conditions of a conditional `scaffolder.action.execute` decision that
 * allows exactly the given forms; the scaffolder evaluates them for every
 * step of a run (and of a dry run) against the step's rendered input.
 */
export function templateActionCriteria(
  forms: readonly TemplateActionForm[] = TEMPLATE_ACTION_FORMS,
): ActionCriteria {
  const [first, ...rest] = forms.map(formCriteria);
  return { anyOf: [first, ...rest] };
}

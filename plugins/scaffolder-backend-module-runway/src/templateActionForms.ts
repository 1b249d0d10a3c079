/**
 * A value an action input must have; a list means any one of them.
 *
 * @public
 */
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
 * use them. Runway's permission policy lets developers run these and
 * nothing else (a conditional `scaffolder.action.execute` decision built
 * from this list, packages/backend/src/modules/permissions); ops run any
 * action.
 *
 * Actions that only read or write the task's workspace are listed by id.
 * Actions that act with Runway's credentials (AWS, the integration tokens,
 * the local repositories, the catalog) are pinned to the inputs the
 * templates fix, so that a step can only be what the template wrote:
 * the CloudFormation template file (the action pins the region), the folders fetched into and
 * published from, the visibility of new repositories.
 *
 * A template repository added to the trusted locations (app-config.yaml,
 * `catalog.rules`) whose steps use other actions or forms needs its forms
 * added here; `templateActionForms.test.ts` checks that every step of the
 * shipped templates matches one.
 *
 * @public
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
        './skeleton/packaging/kustomize',
        './skeleton/packaging/helm',
        './skeleton/dashboard',
        './skeleton/options/argocd',
        './skeleton/options/canary',
        './skeleton/options/public',
        './skeleton/options/secrets',
      ],
    },
  },
  // Runway's AWS credentials and CloudFormation service role. The region
  // comes from config (`runwayTemplates.aws.region`, the template global
  // runwayPlatform): the action itself refuses any other region.
  {
    action: 'aws:cloudformation:deploy',
    input: { templateFile: 'infra/cloudformation.yaml' },
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

/**
 * Whether a step (its action and rendered input) has one of the forms:
 * the same action, and every listed input at its path equal to the value,
 * or to one of the values of a list.
 *
 * @public
 */
export function matchesTemplateActionForm(
  action: string,
  input: object,
  forms: readonly TemplateActionForm[] = TEMPLATE_ACTION_FORMS,
): boolean {
  const at = (key: string) =>
    key
      .split('.')
      .reduce<unknown>(
        (value, part) =>
          value && typeof value === 'object'
            ? (value as Record<string, unknown>)[part]
            : undefined,
        input,
      );
  return forms.some(
    form =>
      form.action === action &&
      Object.entries(form.input ?? {}).every(([key, expected]) => {
        const value = at(key);
        return typeof expected === 'object'
          ? expected.some(e => e === value)
          : expected === value;
      }),
  );
}

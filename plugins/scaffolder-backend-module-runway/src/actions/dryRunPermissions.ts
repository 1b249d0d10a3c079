/*
 * What `create-service-dry-run` checks for its caller before Runway runs the
 * dry run with its own credentials: what creating a service from the
 * Template checks (the scaffolder's POST /v2/tasks), not the inline-template
 * `scaffolder.template.dry-run` of its POST /v2/dry-run route. The action
 * only runs the organisation's own templates (dryRunTemplate.ts).
 */
import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  taskCreatePermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';

/**
 * The caller as a user: anonymous callers are refused (AuthenticationError),
 * and so are services (NotAllowedError), since a service principal passes
 * every permission check and the run is made with Runway's credentials.
 */
export function requireUserCaller(
  auth: AuthService,
  credentials: BackstageCredentials,
): BackstageCredentials<BackstageUserPrincipal> {
  if (auth.isPrincipal(credentials, 'user')) return credentials;
  if (auth.isPrincipal(credentials, 'service')) {
    throw new NotAllowedError(
      `create-service-dry-run answers users only: it checks the caller's scaffolder permissions, and ${credentials.principal.subject} is a service`,
    );
  }
  throw new AuthenticationError('Missing credentials');
}

/**
 * Refuses (NotAllowedError naming the permission) a caller whom the
 * scaffolder would not let create a service from `templateRef`:
 * `scaffolder.task.create`, and reading the template's parameters and steps
 * (`scaffolder.template.parameter.read`, `scaffolder.template.step.read`),
 * asked as the scaffolder's POST /v2/tasks asks them, with the caller's
 * credentials. A conditional decision for the template reads (the route
 * would hide the parameters and steps whose tags the conditions exclude) is
 * refused too: the dry run would run steps the caller's own run leaves out.
 */
export async function authorizeTemplateRun(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  templateRef: string;
}): Promise<void> {
  const { permissions, credentials, templateRef } = options;
  const [[task], reads] = await Promise.all([
    permissions.authorize([{ permission: taskCreatePermission }], {
      credentials,
    }),
    permissions.authorizeConditional(
      [
        { permission: templateParameterReadPermission },
        { permission: templateStepReadPermission },
      ],
      { credentials },
    ),
  ]);
  const decisions = [
    { name: taskCreatePermission.name, result: task.result },
    { name: templateParameterReadPermission.name, result: reads[0].result },
    { name: templateStepReadPermission.name, result: reads[1].result },
  ];
  const denied = decisions.filter(d => d.result === AuthorizeResult.DENY);
  if (denied.length > 0) {
    throw new NotAllowedError(
      `Not allowed: ${denied
        .map(d => d.name)
        .join(
          ', ',
        )}: you may not create a service from ${templateRef}, so you may not dry-run it`,
    );
  }
  const conditional = decisions.filter(
    d => d.result === AuthorizeResult.CONDITIONAL,
  );
  if (conditional.length > 0) {
    throw new NotAllowedError(
      `Not allowed: ${conditional.map(d => d.name).join(', ')} ${
        conditional.length > 1 ? 'are' : 'is'
      } granted to you only for some parameters or steps of templates; create-service-dry-run runs whole templates, so it refuses the dry run of ${templateRef}`,
    );
  }
}

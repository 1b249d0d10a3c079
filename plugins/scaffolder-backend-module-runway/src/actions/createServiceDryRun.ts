import {
  AuthService,
  DiscoveryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { Entity } from '@backstage/catalog-model';
import {
  deserializeError,
  ForwardedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  answerFromResult,
  DryRunAnswer,
  DryRunRouteResult,
  failedAnswer,
  MAX_INCLUDED_BYTES,
  parameterNames,
  schemaProblems,
  stepProblems,
} from './dryRunAnswer';
import {
  DEFAULT_TEMPLATE_REF,
  DirectoryLimits,
  readTemplateDirectory,
  readTemplateEntity,
  TemplateFile,
  trustedTemplateDirectory,
} from './dryRunTemplate';
import { examples } from './createServiceDryRun.examples';
import { authorizeTemplateRun, requireUserCaller } from './dryRunPermissions';

/** How the scaffolder's dry-run route is called. */
export type DryRunCallOptions = {
  /** Per attempt; a full golden-path dry run takes a few seconds. */
  timeoutMs: number;
  /** Attempts on a network error or a 502/503/504, with jittered waits. */
  attempts: number;
  /** The wait before retry n (from 1) is random in 0..backoffMs * 2^n. */
  backoffMs: number;
};

const DEFAULT_CALL: DryRunCallOptions = {
  timeoutMs: 120_000,
  attempts: 3,
  backoffMs: 250,
};

/**
 * Registers `create-service-dry-run` (the actions registry of the
 * scaffolder plugin: id `scaffolder:create-service-dry-run`, MCP tool
 * `scaffolder.create-service-dry-run`): the golden path's dry run for given
 * answers, returning the files it would create and every validation error
 * with the field it names.
 *
 * Only Templates from the organisation's `catalog.locations`
 * (`trustedOrigins`) located in a `file:` location are run; their folder is
 * read from disk. The caller must be a user who may read the Template in
 * the catalog and create a service from it (`scaffolder.task.create`,
 * `scaffolder.template.parameter.read`, `scaffolder.template.step.read`,
 * asked with the caller's credentials: dryRunPermissions.ts). The run is
 * then the scaffolder's own `POST /v2/dry-run` made with Runway's own
 * service credentials: that route's `scaffolder.template.dry-run` guards
 * inline templates, and this action runs only the organisation's.
 */
export function registerCreateServiceDryRunAction(options: {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  discovery: DiscoveryService;
  trustedOrigins: readonly string[];
  call?: Partial<DryRunCallOptions>;
  directoryLimits?: DirectoryLimits;
}): void {
  const { actionsRegistry, catalog, auth, permissions, discovery } = options;
  const { trustedOrigins } = options;
  const call = { ...DEFAULT_CALL, ...options.call };

  actionsRegistry.register({
    name: 'create-service-dry-run',
    title: 'Dry-run the golden path',
    description: `Runs the golden path (or another template from the organisation's own catalog locations) as a dry run for the given form answers, for a user who may create a service from it, and says what it would create: every file with its size (and the text of up to 5 included files, ${
      MAX_INCLUDED_BYTES / 1024
    } kB each), each step with its status, and every validation error with the form field it names (answers that fail the template's schema, or a step's input check such as a service name that is not lower-case). ok is true when the run went through. Nothing is published or registered. Refuses templates registered from other locations or not located on Runway's disk, and callers the scaffolder would not let create a service from the template (scaffolder.task.create, scaffolder.template.parameter.read, scaffolder.template.step.read); the run itself is made by Runway.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    examples,
    schema: {
      input: z =>
        z.object({
          values: z
            .record(z.string(), z.unknown())
            .describe(
              "The template's form answers by parameter name (for the golden path: name, description, owner, system, language, ci, tier, database, queue, exposure, packaging, deploy, release, repoOwner)",
            ),
          template: z
            .string()
            .optional()
            .describe(
              `The Template's entity ref (kind template and namespace default when omitted); defaults to the golden path, ${DEFAULT_TEMPLATE_REF}`,
            ),
          include: z
            .array(z.string().min(1).max(1024))
            .max(5)
            .optional()
            .describe(
              `Paths of created files whose text to return (up to 5, each cut at ${
                MAX_INCLUDED_BYTES / 1024
              } kB), e.g. Dockerfile or catalog-info.yaml`,
            ),
        }),
      output: z =>
        z.object({
          ok: z
            .boolean()
            .describe('Whether the dry run went through with no error'),
          template: z.string().describe('The Template that was dry-run'),
          files: z
            .array(
              z.object({
                path: z.string().describe('Path in the new repository'),
                bytes: z.number().describe('Size in bytes'),
                executable: z
                  .boolean()
                  .optional()
                  .describe('True for executable files'),
              }),
            )
            .describe('The files the run would create (none when it failed)'),
          contents: z
            .array(
              z.object({
                path: z.string(),
                found: z
                  .boolean()
                  .describe('Whether the run creates this file'),
                text: z
                  .string()
                  .optional()
                  .describe('Its text, cut at the cap when truncated'),
                bytes: z.number().optional().describe('Its full size'),
                truncated: z.boolean().optional(),
                binary: z
                  .boolean()
                  .optional()
                  .describe('True (and no text) for a binary file'),
              }),
            )
            .describe('The included files, in the order asked'),
          steps: z
            .array(
              z.object({
                id: z.string(),
                name: z.string(),
                status: z
                  .string()
                  .describe(
                    'completed, skipped (a condition was false, or the step does not run in dry runs: publishing, registering), failed, not-run (the answers were refused before the run) or not-reported (a step failed and the scaffolder reports no step log then)',
                  ),
              }),
            )
            .describe("The template's steps"),
          errors: z
            .array(
              z.object({
                field: z
                  .string()
                  .optional()
                  .describe('The form field the error is about, when named'),
                message: z.string(),
              }),
            )
            .describe('Why the run did not go through (empty when ok)'),
        }),
    },
    action: async ({ input, credentials, logger }) => {
      const caller = requireUserCaller(auth, credentials);
      const { entity, ref } = await readTemplateEntity({
        catalog,
        credentials: caller,
        ref: input.template ?? DEFAULT_TEMPLATE_REF,
      });
      const directory = trustedTemplateDirectory(entity, trustedOrigins);
      await authorizeTemplateRun({
        permissions,
        credentials: caller,
        templateRef: ref,
      });
      // the scaffolder's audit log names Runway for the route's call
      logger.info(
        `dry run of ${ref} for ${caller.principal.userEntityRef}, made with Runway's own credentials`,
      );
      const directoryContents = await readTemplateDirectory(
        directory,
        options.directoryLimits,
      );
      const include = (input.include ?? []).map(p => p.replace(/^\.\//, ''));
      const output = await dryRun({
        template: entity,
        templateRef: ref,
        values: input.values,
        directoryContents,
        include,
      });
      return { output };
    },
  });

  /** POST /v2/dry-run as Runway; its answer as the action's output. */
  async function dryRun(run: {
    template: Entity;
    templateRef: string;
    values: Record<string, unknown>;
    directoryContents: TemplateFile[];
    include: string[];
  }): Promise<DryRunAnswer> {
    const { template, templateRef, include } = run;
    // Runway's own credentials: the caller's were checked above
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const url = `${await discovery.getBaseUrl('scaffolder')}/v2/dry-run`;
    const body = JSON.stringify({
      template: {
        apiVersion: template.apiVersion,
        kind: template.kind,
        metadata: template.metadata,
        spec: template.spec,
      },
      values: run.values,
      secrets: {},
      directoryContents: run.directoryContents,
    });
    const { status, text } = await post(url, token, body);
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const routeMessage: string = parsed?.error?.message ?? '';

    if (status === 200 && parsed) {
      return answerFromResult({
        templateRef,
        template,
        result: parsed as DryRunRouteResult,
        include,
      });
    }
    if (status === 400 && Array.isArray(parsed?.errors)) {
      // the answers fail the template's JSON schema: nothing ran
      return failedAnswer({
        templateRef,
        template,
        include,
        errors: schemaProblems(parsed.errors),
        stepStatus: 'not-run',
      });
    }
    if (
      status === 400 &&
      routeMessage &&
      !/^(Malformed request|Input template is not a template)/.test(
        routeMessage,
      )
    ) {
      // a step refused the answers (InputError): the route answers the
      // error alone, without the step log
      return failedAnswer({
        templateRef,
        template,
        include,
        errors: stepProblems(routeMessage, parameterNames(template)),
        stepStatus: 'not-reported',
      });
    }
    if (status === 401 || status === 403) {
      // Runway's own credentials refused: a fault of Runway's set-up, not
      // a refusal of the caller (a plain Error cause: a 500, not a 40x)
      throw new ForwardedError(
        `The scaffolder refused Runway's own credentials for the dry run of ${templateRef} (${status})`,
        new Error(routeMessage || `status ${status}`),
      );
    }
    const cause = parsed?.error
      ? deserializeError(parsed.error)
      : new Error(text.slice(0, 500) || `status ${status}`);
    throw new ForwardedError(
      `The scaffolder's dry run of ${templateRef} failed (${status})`,
      cause,
    );
  }

  /** One POST with a timeout, retried on network errors and 502/503/504. */
  async function post(
    url: string,
    token: string,
    body: string,
  ): Promise<{ status: number; text: string }> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= call.attempts; attempt++) {
      if (attempt > 1) {
        const cap = call.backoffMs * 2 ** (attempt - 1);
        await new Promise(r => setTimeout(r, Math.random() * cap));
      }
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body,
          signal: AbortSignal.timeout(call.timeoutMs),
        });
        const text = await res.text();
        if ([502, 503, 504].includes(res.status)) {
          lastError = new Error(`status ${res.status}: ${text.slice(0, 200)}`);
          continue;
        }
        return { status: res.status, text };
      } catch (error) {
        lastError = error;
      }
    }
    throw new ServiceUnavailableError(
      `The scaffolder's dry-run route did not answer after ${call.attempts} attempts: ${lastError}`,
      lastError,
    );
  }
}

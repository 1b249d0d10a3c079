/*
 * Renders an archived template version with a service's answers: the
 * scaffolder's own dry run (`POST /v2/dry-run`), made with Runway's service
 * credentials, over the archived folder. Publishing, registering and AWS
 * steps do not run in dry runs; the input checks are left out (they refuse a
 * service name that is taken, which an existing service's always is).
 */
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { FileTree } from './merge';
import { ArchivedTemplate } from './UpgradeStore';

/** Step actions a render leaves out. */
export const RENDER_SKIPPED_ACTIONS: readonly string[] = [
  'runway:template:validate',
];

/** Renders archived template versions into the files they generate. */
export interface TemplateRenderer {
  render(
    template: ArchivedTemplate,
    answers: Record<string, unknown>,
  ): Promise<Rendered>;
}

/** What a render generates: the files, and which are executable. */
export type Rendered = { files: FileTree; executable: Set<string> };

/** The archived entity with the skipped steps removed. */
export function renderableTemplate(entity: JsonObject): JsonObject {
  const spec = (entity.spec ?? {}) as JsonObject;
  const steps = Array.isArray(spec.steps) ? spec.steps : [];
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata: entity.metadata,
    spec: {
      ...spec,
      steps: steps.filter(
        step =>
          !RENDER_SKIPPED_ACTIONS.includes(
            String((step as JsonObject | null)?.action ?? ''),
          ),
      ),
    },
  };
}

/** Renders through the scaffolder's dry-run route. */
export class DryRunTemplateRenderer implements TemplateRenderer {
  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      /** Per attempt; default 120 s. */
      timeoutMs?: number;
    },
  ) {}

  async render(
    template: ArchivedTemplate,
    answers: Record<string, unknown>,
  ): Promise<Rendered> {
    const { auth, discovery } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const url = `${await discovery.getBaseUrl('scaffolder')}/v2/dry-run`;
    const body = JSON.stringify({
      template: renderableTemplate(template.entity),
      values: answers,
      secrets: {},
      directoryContents: [...template.files].map(([p, c]) => ({
        path: p,
        base64Content: c.toString('base64'),
      })),
    });
    const what = `${template.templateRef} ${template.version}`;
    let res: Response | undefined;
    let lastError: unknown;
    for (let attempt = 0; attempt < 2 && !res; attempt++) {
      try {
        const answer = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 120_000),
        });
        if ([502, 503, 504].includes(answer.status)) {
          lastError = new Error(`status ${answer.status}`);
          continue;
        }
        res = answer;
      } catch (error) {
        lastError = error;
      }
    }
    if (!res) {
      throw new ServiceUnavailableError(
        `The scaffolder did not render ${what}: ${lastError}`,
      );
    }
    const text = await res.text();
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (res.status === 400) {
      const detail = Array.isArray(parsed?.errors)
        ? parsed.errors
            .map((e: any) => `${e.property ?? e.path ?? ''} ${e.message}`)
            .join('; ')
        : parsed?.error?.message ?? text.slice(0, 300);
      throw new InputError(
        `${what} does not render with this service's answers: ${detail}`,
      );
    }
    if (res.status !== 200 || !Array.isArray(parsed?.directoryContents)) {
      throw new Error(
        `The scaffolder's render of ${what} failed (${res.status}): ${
          parsed?.error?.message ?? text.slice(0, 300)
        }`,
      );
    }
    const files: FileTree = new Map();
    const executable = new Set<string>();
    for (const file of parsed.directoryContents as {
      path: string;
      base64Content: string;
      executable?: boolean;
    }[]) {
      const p = file.path.replace(/^\.\//, '');
      files.set(p, Buffer.from(file.base64Content, 'base64'));
      if (file.executable) executable.add(p);
    }
    return { files, executable };
  }
}

import { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { checkServiceName, checkText } from './inputChecks';
import { examples } from './validate.examples';

/**
 * `runway:template:validate`: refuses template input that the form cannot
 * check by itself, before anything is written: a name already in the
 * catalog, an owner that is not a known Group, a system that does not exist,
 * and free text with paths or characters that would break generated files.
 * Every error names the field.
 *
 * @public
 */
export function createValidateAction(options: {
  catalog: CatalogService;
  auth: AuthService;
}) {
  const { catalog, auth } = options;
  return createTemplateAction({
    id: 'runway:template:validate',
    description:
      'Checks template input against the catalog (new name, known owner Group and System) and refuses paths or file-breaking characters in text fields.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('The new component name'),
        owner: z => z.string().describe('Entity ref of the owning Group'),
        system: z =>
          z.string().optional().describe('Entity ref of the System, if any'),
        strings: z =>
          z
            .record(z.string(), z.string())
            .optional()
            .describe('Free-text parameters by field name, to check'),
      },
      output: {
        entityRef: z =>
          z.string().describe('The entity ref the new component will have'),
      },
    },
    async handler(ctx) {
      const { name, owner, system, strings = {} } = ctx.input;
      const problems: string[] = [];
      const nameProblem = checkServiceName(name);
      if (nameProblem) problems.push(nameProblem);
      for (const [field, value] of Object.entries(strings)) {
        const problem = checkText(field, value);
        if (problem) problems.push(problem);
      }
      if (problems.length > 0) {
        throw new InputError(problems.join('; '));
      }

      const credentials = await auth.getOwnServiceCredentials();
      const entityRef = stringifyEntityRef({
        kind: 'Component',
        namespace: 'default',
        name,
      });
      if (await catalog.getEntityByRef(entityRef, { credentials })) {
        problems.push(
          `name: a component named "${name}" already exists in the catalog`,
        );
      }
      const ownerRef = safeRef(owner, 'group');
      const ownerEntity = ownerRef
        ? await catalog.getEntityByRef(ownerRef, { credentials })
        : undefined;
      if (!ownerEntity || ownerEntity.kind !== 'Group') {
        problems.push(`owner: "${owner}" is not a known Group`);
      }
      if (system) {
        const systemRef = safeRef(system, 'system');
        if (
          !systemRef ||
          !(await catalog.getEntityByRef(systemRef, { credentials }))
        ) {
          problems.push(`system: "${system}" is not a known System`);
        }
      }
      if (problems.length > 0) {
        throw new InputError(problems.join('; '));
      }
      ctx.logger.info(
        `input checked: ${entityRef}, owner ${ownerRef}${
          system ? `, system ${system}` : ''
        }`,
      );
      ctx.output('entityRef', entityRef);
    },
  });
}

function safeRef(ref: string, defaultKind: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return undefined;
  }
}

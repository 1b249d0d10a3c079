/*
 * The conditional `scaffolder.action.execute` decision for developers: the
 * actions of Runway's shipped templates, in the forms they use them
 * (TEMPLATE_ACTION_FORMS, kept beside Runway's actions and checked there
 * against every file under templates/), as the scaffolder's own rules.
 */
import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { scaffolderActionConditions } from '@backstage/plugin-scaffolder-backend/alpha';
import {
  TEMPLATE_ACTION_FORMS,
  TemplateActionForm,
} from '@runway/plugin-scaffolder-backend-module-runway';

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

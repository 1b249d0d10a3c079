import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CustomFieldValidator,
  makeFieldSchema,
} from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { checkOwner, checkServiceName } from '../validation';
import { GroupOwnerPicker } from './GroupOwnerPicker';
import { ServiceNameField } from './ServiceNameField';

const stringField = makeFieldSchema({ output: z => z.string() });

/** Checks the name in plain words, then asks the catalog whether it is taken. */
export const serviceNameValidation: CustomFieldValidator<string> = async (
  value,
  validation,
  { apiHolder },
) => {
  const problem = await checkServiceName(
    value ?? '',
    apiHolder.get(catalogApiRef),
  );
  if (problem) validation.addError(problem);
};

/** Refuses an owner that is not a Group of the catalog. */
export const ownerValidation: CustomFieldValidator<string> = async (
  value,
  validation,
  { apiHolder },
) => {
  const problem = await checkOwner(value, apiHolder.get(catalogApiRef));
  if (problem) validation.addError(problem);
};

/** `ui:field: RunwayServiceName` */
export const serviceNameFormField = createFormField({
  name: 'RunwayServiceName',
  component: ServiceNameField,
  validation: serviceNameValidation,
  schema: stringField,
});

/** `ui:field: RunwayOwnerPicker` */
export const ownerFormField = createFormField({
  name: 'RunwayOwnerPicker',
  component: GroupOwnerPicker,
  validation: ownerValidation,
  schema: stringField,
});

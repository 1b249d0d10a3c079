import TextField from '@material-ui/core/TextField';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/**
 * The new service's name. The form checks it with `serviceNameValidation`
 * (plain-words rule, then the catalog) when the user moves on; the messages
 * appear under the field.
 */
export const ServiceNameField = (
  props: FieldExtensionComponentProps<string>,
) => {
  const {
    onChange,
    required,
    schema: { title = 'Name', description },
    rawErrors,
    formData,
    uiSchema,
    idSchema,
    placeholder,
  } = props;
  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      placeholder={placeholder}
      helperText={description}
      required={required}
      value={formData ?? ''}
      onChange={({ target: { value } }) => onChange(value || undefined)}
      margin="normal"
      error={(rawErrors?.length ?? 0) > 0}
      inputProps={{
        autoFocus: Boolean(uiSchema?.['ui:autofocus']),
        autoCapitalize: 'none',
        autoCorrect: 'off',
        spellCheck: false,
      }}
      FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
    />
  );
};

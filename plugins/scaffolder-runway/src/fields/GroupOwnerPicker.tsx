import { useEffect, useMemo, useState } from 'react';
import CircularProgress from '@material-ui/core/CircularProgress';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useApi } from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/** A Group the picker offers. */
export type GroupOption = { ref: string; name: string; label: string };

export function toGroupOption(entity: Entity): GroupOption {
  const profile = (entity.spec as { profile?: { displayName?: string } })
    ?.profile;
  return {
    ref: stringifyEntityRef(entity),
    name: entity.metadata.name,
    label:
      profile?.displayName ?? entity.metadata.title ?? entity.metadata.name,
  };
}

/** The option that typed text names (display name, name or ref), if any. */
export function matchGroup(
  options: GroupOption[],
  text: string,
): GroupOption | undefined {
  const t = text.trim().toLocaleLowerCase('en-US');
  if (!t) return undefined;
  return options.find(o =>
    [o.label, o.name, o.ref].some(v => v.toLocaleLowerCase('en-US') === t),
  );
}

/**
 * The owning team: only Groups of the catalog are offered. Text that names
 * no Group is kept as typed, so that `ownerValidation` refuses it with a
 * message instead of silently dropping it.
 */
export const GroupOwnerPicker = (
  props: FieldExtensionComponentProps<string>,
) => {
  const {
    onChange,
    required,
    schema: { title = 'Owner', description },
    rawErrors,
    formData,
    idSchema,
  } = props;
  const catalogApi = useApi(catalogApiRef);
  const [options, setOptions] = useState<GroupOption[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string>();
  const [input, setInput] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    catalogApi
      .getEntities({
        filter: { kind: 'Group' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.profile.displayName',
        ],
      })
      .then(
        res => {
          if (cancelled) return;
          setOptions(
            res.items
              .map(toGroupOption)
              .sort((a, b) => a.label.localeCompare(b.label)),
          );
          setLoading(false);
        },
        (e: Error) => {
          if (cancelled) return;
          setLoadError(e.message);
          setLoading(false);
        },
      );
    return () => {
      cancelled = true;
    };
  }, [catalogApi]);

  const selected = useMemo(
    () => options.find(o => o.ref === formData) ?? null,
    [options, formData],
  );
  const inputValue = input ?? selected?.label ?? formData ?? '';
  const hasError = (rawErrors?.length ?? 0) > 0 || Boolean(loadError);

  return (
    <Autocomplete<GroupOption, false, false, false>
      id={idSchema?.$id}
      options={options}
      loading={loading}
      value={selected}
      inputValue={inputValue}
      clearOnBlur={false}
      getOptionLabel={o => o.label}
      getOptionSelected={(o, v) => o.ref === v.ref}
      renderOption={o => (
        <span>
          {o.label} <small>({o.ref})</small>
        </span>
      )}
      onChange={(_e, option) => {
        setInput(undefined);
        onChange(option?.ref);
      }}
      onInputChange={(_e, value, reason) => {
        if (reason === 'input') setInput(value);
      }}
      onBlur={() => {
        if (input === undefined) return;
        const match = matchGroup(options, input);
        setInput(undefined);
        // an exact name is taken as the Group; other text stays, to be refused
        onChange(match ? match.ref : input.trim() || undefined);
      }}
      renderInput={params => (
        <TextField
          {...params}
          label={title}
          margin="dense"
          required={required}
          error={hasError}
          helperText={
            loadError
              ? `Could not load the teams from the catalog: ${loadError}`
              : description
          }
          FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
          InputProps={{
            ...params.InputProps,
            endAdornment: (
              <>
                {loading ? (
                  <CircularProgress color="inherit" size={20} />
                ) : null}
                {params.InputProps.endAdornment}
              </>
            ),
          }}
        />
      )}
    />
  );
};

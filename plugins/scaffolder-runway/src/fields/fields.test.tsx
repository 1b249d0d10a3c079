import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
  TestApiRegistry,
} from '@backstage/test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { GroupOwnerPicker } from './GroupOwnerPicker';
import { ownerValidation, serviceNameValidation } from './fields';

const group = (name: string, displayName: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { profile: { displayName } },
});

const requests: any[] = [];
const checkoutApi = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api' },
  spec: { owner: 'group:default/team-checkout' },
};

const catalogApi = {
  async getEntities(request: any) {
    const name = request?.filter?.['metadata.name'];
    if (name === undefined) {
      requests.push(request);
      return {
        items: [
          group('team-payments', 'Team Payments'),
          group('team-checkout', 'Team Checkout'),
        ],
      };
    }
    // one entity asked by kind, namespace and name (the form's checks)
    const kind = String(request.filter.kind).toLocaleLowerCase('en-US');
    if (kind === 'component' && name === 'checkout-api') {
      return { items: [checkoutApi] };
    }
    return kind === 'group' && name === 'team-payments'
      ? { items: [group('team-payments', 'Team Payments')] }
      : { items: [] };
  },
};

function fieldValidation() {
  const errors: string[] = [];
  return {
    errors,
    validation: {
      addError: (m: string) => errors.push(m),
    } as any,
  };
}

const context = {
  apiHolder: TestApiRegistry.from([catalogApiRef, catalogApi]),
  formData: {},
  schema: {},
};

describe('form validators', () => {
  it('the name validator reports a taken name through the catalog API', async () => {
    const v = fieldValidation();
    await serviceNameValidation('checkout-api', v.validation, context);
    expect(v.errors).toEqual([
      'is taken: a component named checkout-api already exists, owned by team-checkout',
    ]);
  });

  it('the name validator explains a malformed name', async () => {
    const v = fieldValidation();
    await serviceNameValidation('Bad_Name', v.validation, context);
    expect(v.errors).toEqual([
      `must be 3-40 characters of lowercase letters, digits and '-', starting with a letter: "B", "_", "N" are not allowed`,
    ]);
  });

  it('the owner validator accepts a Group and refuses anything else', async () => {
    const ok = fieldValidation();
    await ownerValidation(
      'group:default/team-payments',
      ok.validation,
      context,
    );
    expect(ok.errors).toEqual([]);
    const bad = fieldValidation();
    await ownerValidation('nobody', bad.validation, context);
    expect(bad.errors).toEqual([
      '"nobody" is not a team in the catalog: pick one from the list',
    ]);
  });
});

describe('GroupOwnerPicker', () => {
  const render = (onChange: jest.Mock) =>
    renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <GroupOwnerPicker
          {...({} as any)}
          onChange={onChange}
          schema={{ title: 'Owner', description: 'The owning team' }}
          uiSchema={{}}
          idSchema={{ $id: 'root_owner' } as any}
          rawErrors={[]}
          formData={undefined}
          required
        />
      </TestApiProvider>,
    );

  it('offers only Groups of the catalog and stores the chosen ref', async () => {
    const onChange = jest.fn();
    await render(onChange);
    expect(requests.at(-1).filter).toEqual({ kind: 'Group' });
    const input = screen.getByRole('textbox');
    fireEvent.change(input, { target: { value: 'Team Pay' } });
    fireEvent.click(await screen.findByText('Team Payments'));
    expect(onChange).toHaveBeenLastCalledWith('group:default/team-payments');
  });

  it('keeps text that names no Group, for the validator to refuse', async () => {
    const onChange = jest.fn();
    await render(onChange);
    const input = screen.getByRole('textbox');
    fireEvent.change(input, { target: { value: 'nobody' } });
    fireEvent.blur(input);
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith('nobody'));
  });

  it('takes an exactly typed team name as that Group', async () => {
    const onChange = jest.fn();
    await render(onChange);
    await waitFor(() => expect(requests.length).toBeGreaterThan(0));
    const input = screen.getByRole('textbox');
    await screen.findByRole('textbox');
    // the options have loaded once the spinner is gone
    await waitFor(() =>
      expect(document.querySelector('[role="progressbar"]')).toBeNull(),
    );
    fireEvent.change(input, { target: { value: 'team checkout' } });
    fireEvent.blur(input);
    expect(onChange).toHaveBeenLastCalledWith('group:default/team-checkout');
  });
});

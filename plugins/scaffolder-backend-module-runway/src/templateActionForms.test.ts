import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  matchesTemplateActionForm,
  TEMPLATE_ACTION_FORMS,
} from './templateActionForms';

const TEMPLATES = path.resolve(__dirname, '../../../templates');

type Step = { id: string; action: string; input?: Record<string, unknown> };

/**
 * A step's input as the scaffolder renders it, once per value of the enum
 * parameter that each input a form pins names (`./skeleton/${{
 * parameters.language }}`, with or without an `or '<default>'`). Other
 * expressions come out as a placeholder: no form pins them, so their values
 * cannot change whether the step matches (expanding every enum of the
 * golden path's `values` would multiply into millions of renderings).
 */
function renderings(
  input: Record<string, unknown>,
  enums: Record<string, string[]>,
  pinned: ReadonlySet<string>,
  prefix = '',
): Record<string, unknown>[] {
  let results: Record<string, unknown>[] = [{}];
  for (const [key, value] of Object.entries(input)) {
    const at = `${prefix}${key}`;
    let options: unknown[] = [value];
    if (typeof value === 'string') {
      // `${{ parameters.x }}`, or `${{ parameters.x or 'default' }}`
      const m =
        /^([^$]*)\$\{\{\s*parameters\.(\w+)(?:\s+or\s+'[^']*')?\s*\}\}([^$]*)$/.exec(
          value,
        );
      options =
        m && enums[m[2]] && pinned.has(at)
          ? enums[m[2]].map(e => `${m[1]}${e}${m[3]}`)
          : [value.includes('${{') ? 'rendered' : value];
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      options = renderings(
        value as Record<string, unknown>,
        enums,
        pinned,
        `${at}.`,
      );
    }
    results = results.flatMap(r => options.map(o => ({ ...r, [key]: o })));
  }
  return results;
}

/** The input paths the forms of an action pin. */
function pinnedInputs(action: string): Set<string> {
  return new Set(
    TEMPLATE_ACTION_FORMS.filter(f => f.action === action).flatMap(f =>
      Object.keys(f.input ?? {}),
    ),
  );
}

/** Every template file under templates/: its steps and enum parameters. */
function shippedTemplates() {
  return fs
    .readdirSync(TEMPLATES, { withFileTypes: true })
    .filter(d => d.isDirectory())
    .flatMap(d =>
      fs
        .readdirSync(path.join(TEMPLATES, d.name))
        .filter(f => /^template.*\.yaml$/.test(f))
        .map(f => path.join(d.name, f)),
    )
    .map(file => {
      const template = parse(
        fs.readFileSync(path.join(TEMPLATES, file), 'utf8'),
      );
      const enums: Record<string, string[]> = {};
      for (const page of template.spec.parameters ?? []) {
        for (const [name, schema] of Object.entries<any>(
          page.properties ?? {},
        )) {
          if (Array.isArray(schema.enum)) enums[name] = schema.enum.map(String);
        }
      }
      return { file, steps: template.spec.steps as Step[], enums };
    });
}

describe('template action forms', () => {
  it('cover every step of every shipped template, in every form its enums give', () => {
    const templates = shippedTemplates();
    expect(templates.map(t => t.file)).toEqual(
      expect.arrayContaining([
        'microservice/template.yaml',
        'microservice/template.production.yaml',
        'new-adr/template.yaml',
        'new-runbook-section/template.yaml',
      ]),
    );
    const outside = templates.flatMap(({ file, steps, enums }) =>
      steps.flatMap(step =>
        renderings(step.input ?? {}, enums, pinnedInputs(step.action))
          .filter(input => !matchesTemplateActionForm(step.action, input))
          .map(input => `${file} ${step.id} ${JSON.stringify(input)}`),
      ),
    );
    expect(outside).toEqual([]);
  });

  it('list no form that no shipped template uses', () => {
    const used = new Set(
      shippedTemplates().flatMap(t => t.steps.map(s => s.action)),
    );
    expect(
      TEMPLATE_ACTION_FORMS.map(f => f.action).filter(a => !used.has(a)),
    ).toEqual([]);
  });

  it('refuse other actions and the same actions with other fixed inputs', () => {
    expect(
      matchesTemplateActionForm('aws:cloudformation:deploy', {
        stackName: 'payments-prod-database',
        region: 'eu-west-1',
        templateFile: 'stack.yaml',
      }),
    ).toBe(false);
    expect(
      matchesTemplateActionForm('fetch:template', {
        url: 'https://github.com/acme/secrets',
      }),
    ).toBe(false);
    expect(
      matchesTemplateActionForm('publish:gitlab', {
        defaultBranch: 'main',
        settings: { visibility: 'public' },
      }),
    ).toBe(false);
    expect(matchesTemplateActionForm('notification:send', {})).toBe(false);
  });
});

import { Entity } from '@backstage/catalog-model';
import {
  answerFromResult,
  MAX_INCLUDED_BYTES,
  parameterNames,
  schemaProblems,
  stepProblems,
} from './dryRunAnswer';

const TEMPLATE = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 't' },
  spec: {
    parameters: [
      { properties: { name: {}, owner: {} } },
      {
        properties: { database: {} },
        dependencies: {
          database: { oneOf: [{ properties: { dbSize: {} } }] },
        },
      },
    ],
    steps: [],
  },
} as unknown as Entity;

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');

describe('parameterNames', () => {
  it("lists every page's properties, dependent ones included", () => {
    expect([...parameterNames(TEMPLATE)].sort()).toEqual([
      'database',
      'dbSize',
      'name',
      'owner',
    ]);
  });
});

describe('schemaProblems', () => {
  it('names nested properties by their path, and falls back on the stack', () => {
    expect(
      schemaProblems([
        {
          path: ['repo', 'owner'],
          property: 'instance.repo.owner',
          message: 'is not of a type(s) string',
          name: 'type',
        },
        {
          path: ['repo'],
          property: 'instance.repo',
          message: 'requires property "host"',
          name: 'required',
          argument: 'host',
        },
        { stack: 'instance.tier is not one of enum values: 1,2,3' },
        { stack: 'instance is not of a type(s) object' },
      ]),
    ).toEqual([
      { field: 'repo.owner', message: 'is not of a type(s) string' },
      { field: 'repo.host', message: 'requires property "host"' },
      { field: 'tier', message: 'is not one of enum values: 1,2,3' },
      { message: 'instance is not of a type(s) object' },
    ]);
  });
});

describe('stepProblems', () => {
  const names = parameterNames(TEMPLATE);
  it('splits the problems of an input check, each naming its field', () => {
    expect(
      stepProblems(
        'name: must be 3 to 40 characters long (got 2); owner: "x" is not a known Group',
        names,
      ),
    ).toEqual([
      { field: 'name', message: 'must be 3 to 40 characters long (got 2)' },
      { field: 'owner', message: '"x" is not a known Group' },
    ]);
  });
  it('keeps a message whole when a part names no parameter', () => {
    const message = 'name: bad; Token: expired';
    expect(stepProblems(message, names)).toEqual([{ message }]);
    expect(stepProblems('', names)).toEqual([
      { message: 'a step of the dry run failed' },
    ]);
  });
});

describe('answerFromResult', () => {
  it('cuts included text at the cap without a broken character, and does not show binary files', () => {
    // 'é' is two bytes: one straddles the cap
    const text = Buffer.from(`${'a'.repeat(MAX_INCLUDED_BYTES - 1)}é tail`);
    const answer = answerFromResult({
      templateRef: 'template:default/t',
      template: TEMPLATE,
      include: ['long.txt', 'logo.png'],
      result: {
        directoryContents: [
          { path: 'long.txt', base64Content: b64(text) },
          {
            path: 'logo.png',
            base64Content: b64(Buffer.from([137, 80, 0, 1])),
          },
        ],
        steps: [{ id: 'a', action: 'fetch:template' }, { name: 'unnamed' }],
        log: [],
      },
    });
    expect(answer.contents).toEqual([
      {
        path: 'long.txt',
        found: true,
        bytes: text.length,
        text: 'a'.repeat(MAX_INCLUDED_BYTES - 1),
        truncated: true,
      },
      { path: 'logo.png', found: true, bytes: 4, binary: true },
    ]);
    expect(answer.steps).toEqual([
      { id: 'a', name: 'fetch:template', status: 'not-run' },
      { id: 'step-2', name: 'unnamed', status: 'not-run' },
    ]);
    expect(answer.ok).toBe(true);
  });
});

/** Examples of `create-service-dry-run`, shown to MCP clients. */

/** Answers to every page of the golden path's form. */
const VALUES = {
  name: 'orders-api',
  description: 'Takes orders and stores them',
  owner: 'group:default/team-checkout',
  system: 'system:default/storefront',
  language: 'typescript',
  ci: 'github-actions',
  tier: '2',
  database: 'none',
  queue: 'none',
  exposure: 'internal',
};

export const examples = [
  {
    title: 'Dry-run the golden path',
    description:
      'The files a new TypeScript service would get, with the text of its Dockerfile',
    input: { values: VALUES, include: ['Dockerfile'] },
  },
  {
    title: 'A name the golden path refuses',
    description:
      'Capitals in the name: ok is false, no files, and errors holds { field: "name", message: "must be lower-case letters, digits and ..." } from the template\'s input check',
    input: {
      template: 'template:default/microservice',
      values: { ...VALUES, name: 'Orders-API' },
    },
  },
];

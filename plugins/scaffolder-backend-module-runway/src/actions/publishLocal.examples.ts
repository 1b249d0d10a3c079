import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace to .runway/repos/orders-api.git and register its catalog-info.yaml',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'runway:publish:local',
          name: 'Publish and register',
          input: {
            name: 'orders-api',
            description: 'Takes orders',
            catalogInfoPath: 'catalog-info.yaml',
          },
        },
      ],
    }),
  },
];

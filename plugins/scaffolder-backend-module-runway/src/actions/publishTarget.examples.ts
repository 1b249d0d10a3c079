import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Choose GitHub or GitLab from runwayTemplates.publish, then publish with the matching step',
    example: yaml.stringify({
      steps: [
        {
          id: 'target',
          action: 'runway:publish:target',
          name: 'Choose where to publish',
          input: { name: 'orders-api', owner: 'acme-services' },
        },
        {
          id: 'publish-github',
          if: "${{ steps.target.output.provider === 'github' }}",
          action: 'publish:github',
          input: { repoUrl: '${{ steps.target.output.repoUrl }}' },
        },
        {
          id: 'publish-gitlab',
          if: "${{ steps.target.output.provider === 'gitlab' }}",
          action: 'publish:gitlab',
          input: { repoUrl: '${{ steps.target.output.repoUrl }}' },
        },
      ],
    }),
  },
  {
    description:
      'Use the owner configured in runwayTemplates.publish.owner (the form left it empty)',
    example: yaml.stringify({
      steps: [
        {
          id: 'target',
          action: 'runway:publish:target',
          name: 'Choose where to publish',
          input: { name: 'orders-api' },
        },
      ],
    }),
  },
];

import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Render k8s/base/prometheusrule.yaml from slo.yaml and add the alert sections to docs/runbook.md',
    example: yaml.stringify({
      steps: [
        {
          id: 'slo-rules',
          action: 'runway:slo:rules',
          name: 'SLO rules',
          input: {
            entity: 'orders-api',
            sloFile: 'slo.yaml',
            rulesFile: 'k8s/base/prometheusrule.yaml',
            runbookFile: 'docs/runbook.md',
            rollbackCommand: 'sh scripts/rollback.sh production',
            labels: { 'app.kubernetes.io/name': 'orders-api' },
          },
        },
      ],
    }),
  },
];

/**
 * The home page's entry points, one per persona. An entry without `path`
 * is a page that has not shipped yet: it is shown as "coming soon" instead
 * of a link that would lead nowhere.
 */
export type PersonaEntry = {
  id: string;
  title: string;
  persona: string;
  description: string;
  /** App route of the page; absent while the page is not available. */
  path?: string;
};

export const PERSONA_ENTRIES: readonly PersonaEntry[] = [
  {
    id: 'create',
    title: 'Create a service',
    persona: 'Developers',
    description:
      'Start a new microservice from a software template: code, tests, pipeline, manifests, SLOs and docs in one step.',
    // straight to the golden-path template (templates/microservice)
    path: '/create/templates/default/microservice',
  },
  {
    id: 'clusters',
    title: 'Clusters',
    persona: 'Ops / SRE',
    description:
      'Health of every EKS cluster: node groups, capacity, failing pods, warning events and version support.',
    path: '/clusters',
  },
  {
    id: 'slos',
    title: 'SLOs',
    persona: 'Developers & SRE',
    description:
      'Error budgets and burn rates of every SLO, the deploy gate and monthly compliance per team.',
    path: '/slos',
  },
  {
    id: 'costs',
    title: 'Costs',
    persona: 'Managers',
    description:
      'AWS spend by team, service and environment, with trends, forecast, anomalies and budgets.',
    path: '/costs',
  },
  {
    id: 'docs',
    title: 'Docs',
    persona: 'Everyone',
    description:
      'Runbooks, architecture decisions and service documentation, rendered by TechDocs.',
    path: '/docs',
  },
];

/** Whether an entry links somewhere or is shown as "coming soon". */
export function entryState(entry: PersonaEntry): 'available' | 'coming-soon' {
  return entry.path ? 'available' : 'coming-soon';
}

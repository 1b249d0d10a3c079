import { RequestCounter } from '../cache/KubeClient';

/**
 * Requests sent to clusters, by cluster, verb and resource (tests, bench,
 * metrics).
 *
 * @public
 */
export class RequestCounts {
  /**
   * Requests so far, keyed `<cluster> <verb> <resource>`, e.g.
   * `eks-staging-euw1 list pods`.
   */
  readonly counts = new Map<string, number>();
  /** Counts one request and tells every listener. */
  readonly record: RequestCounter = (cluster, verb, resource) => {
    const key = `${cluster} ${verb} ${resource}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.listeners.forEach(l => l(cluster, verb, resource));
  };
  /** Called on every request after it is counted (the request metrics). */
  readonly listeners: RequestCounter[] = [];
  /** Requests so far to every cluster, of one verb or of all. */
  total(verb?: string): number {
    let n = 0;
    for (const [k, v] of this.counts)
      if (!verb || k.split(' ')[1] === verb) n += v;
    return n;
  }
}

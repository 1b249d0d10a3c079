import { RequestCounter } from '../cache/KubeClient';

/** Requests sent to clusters, by cluster, verb and resource (tests, bench, metrics). */
export class RequestCounts {
  readonly counts = new Map<string, number>();
  readonly record: RequestCounter = (cluster, verb, resource) => {
    const key = `${cluster} ${verb} ${resource}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.listeners.forEach(l => l(cluster, verb, resource));
  };
  readonly listeners: RequestCounter[] = [];
  total(verb?: string): number {
    let n = 0;
    for (const [k, v] of this.counts)
      if (!verb || k.split(' ')[1] === verb) n += v;
    return n;
  }
}

/**
 * Kubernetes minor versions on Amazon EKS and their support windows.
 *
 * Source: "Amazon EKS Kubernetes release calendar" in
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
 * (cross-checked against https://endoflife.date/amazon-eks), as of
 * 2026-11-27. Standard support lasts 14 months from the EKS release,
 * extended support 12 more. Add a row when EKS releases a version.
 *
 * @public
 */
export const EKS_VERSION_CALENDAR_AS_OF = '2026-11-27';

/**
 * Where {@link EKS_VERSION_CALENDAR} comes from: the Amazon EKS Kubernetes
 * release calendar.
 *
 * @public
 */
export const EKS_VERSION_CALENDAR_SOURCE =
  'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html';

/**
 * One Kubernetes minor version on Amazon EKS and its support window; dates
 * are `YYYY-MM-DD`.
 *
 * @public
 */
export type EksVersionDates = {
  /** `1.34` */
  version: string;
  /** Amazon EKS release date (YYYY-MM-DD). */
  released: string;
  /** End of standard support. */
  endOfStandardSupport: string;
  /** End of extended support. */
  endOfExtendedSupport: string;
};

/**
 * The Kubernetes minor versions on Amazon EKS with their release and
 * end-of-support dates, newest first (as of
 * {@link EKS_VERSION_CALENDAR_AS_OF}).
 *
 * @public
 */
export const EKS_VERSION_CALENDAR: readonly EksVersionDates[] = [
  {
    version: '1.35',
    released: '2026-01-27',
    endOfStandardSupport: '2027-03-27',
    endOfExtendedSupport: '2028-03-27',
  },
  {
    version: '1.34',
    released: '2025-10-02',
    endOfStandardSupport: '2026-12-02',
    endOfExtendedSupport: '2027-12-02',
  },
  {
    version: '1.33',
    released: '2025-05-29',
    endOfStandardSupport: '2026-07-29',
    endOfExtendedSupport: '2027-07-29',
  },
  {
    version: '1.32',
    released: '2025-01-23',
    endOfStandardSupport: '2026-03-23',
    endOfExtendedSupport: '2027-03-23',
  },
  {
    version: '1.31',
    released: '2024-09-26',
    endOfStandardSupport: '2025-11-26',
    endOfExtendedSupport: '2026-11-26',
  },
  {
    version: '1.30',
    released: '2024-05-23',
    endOfStandardSupport: '2025-07-23',
    endOfExtendedSupport: '2026-07-23',
  },
  {
    version: '1.29',
    released: '2024-01-23',
    endOfStandardSupport: '2025-03-23',
    endOfExtendedSupport: '2026-03-23',
  },
  {
    version: '1.28',
    released: '2023-09-26',
    endOfStandardSupport: '2024-11-26',
    endOfExtendedSupport: '2025-11-26',
  },
];

/**
 * The EKS support status of a cluster's Kubernetes version on a given day:
 * `standard`, `extended` (extra cost), `end-of-support`, or `unknown` when
 * the version is not in the calendar; with the calendar's source and date.
 *
 * @public
 */
export type VersionSupport = {
  /** `1.34`, or undefined when the cluster's version is unknown */
  version?: string;
  status: 'standard' | 'extended' | 'end-of-support' | 'unknown';
  /** when the current status ends (YYYY-MM-DD) */
  until?: string;
  /** whole days until `until` (negative once past) */
  daysLeft?: number;
  source: string;
  asOf: string;
};

/** `v1.34.4-eks-abc` or `1.34` to `1.34`. */
export function minorVersion(
  gitVersion: string | undefined,
): string | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(gitVersion ?? '');
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

/**
 * The EKS support status of a Kubernetes version on a given day.
 *
 * @public
 */
export function versionSupport(
  gitVersion: string | undefined,
  now: Date,
  calendar: readonly EksVersionDates[] = EKS_VERSION_CALENDAR,
): VersionSupport {
  const version = minorVersion(gitVersion);
  const base = {
    version,
    source: EKS_VERSION_CALENDAR_SOURCE,
    asOf: EKS_VERSION_CALENDAR_AS_OF,
  };
  const row = calendar.find(r => r.version === version);
  if (!row) {
    return { ...base, status: 'unknown' };
  }
  const days = (date: string) =>
    Math.floor((Date.parse(`${date}T00:00:00Z`) - now.getTime()) / 86_400_000);
  if (days(row.endOfStandardSupport) >= 0) {
    return {
      ...base,
      status: 'standard',
      until: row.endOfStandardSupport,
      daysLeft: days(row.endOfStandardSupport),
    };
  }
  if (days(row.endOfExtendedSupport) >= 0) {
    return {
      ...base,
      status: 'extended',
      until: row.endOfExtendedSupport,
      daysLeft: days(row.endOfExtendedSupport),
    };
  }
  return {
    ...base,
    status: 'end-of-support',
    until: row.endOfExtendedSupport,
    daysLeft: days(row.endOfExtendedSupport),
  };
}

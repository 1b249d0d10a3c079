import { FileChange } from '@runway/plugin-template-upgrades-common';
import { MergeResult } from './merge';

const CONFLICT_REASONS: Record<string, string> = {
  'both-changed':
    'the service and the template changed the same lines (conflict markers)',
  'added-both':
    'both added this file with different contents (conflict markers)',
  'deleted-in-template':
    "the template removed it; the service's changed file is kept",
  'deleted-in-service':
    'the service removed it; the template changed it (left removed)',
  binary: "both changed this binary file; the service's is kept",
};

/** The title and body of an upgrade's commit and pull request. */
export function upgradeDescription(change: {
  entityRef: string;
  templateRef: string;
  fromVersion: string;
  toVersion: string;
  /** What changed in the template's output between the two versions. */
  templateChanges: FileChange[];
  merge: MergeResult;
}): { title: string; body: string } {
  const { templateRef, fromVersion, toVersion, merge } = change;
  const conflicts = merge.conflicts.length;
  const title = `Upgrade to ${templateRef} ${toVersion}${
    conflicts ? ` (${conflicts} conflict${conflicts === 1 ? '' : 's'})` : ''
  }`;
  const lines = [
    `Runway renders ${templateRef} ${fromVersion} and ${toVersion} with this service's answers (${'.runway-answers.yaml'}) and applies the difference to the service's files.`,
    '',
    `## What changed in the template (${fromVersion} to ${toVersion})`,
    ...(change.templateChanges.length
      ? change.templateChanges.map(c => `- ${c.change}: \`${c.path}\``)
      : ['- nothing in the files it generates']),
    '',
    '## What this pull request changes',
    ...(merge.changedFiles.length
      ? merge.changedFiles.map(c => `- ${c.change}: \`${c.path}\``)
      : ['- nothing: the service already has every change']),
    '',
    conflicts
      ? `## Conflicts (${conflicts}): resolve before merging`
      : '## Conflicts: none',
    ...merge.conflicts.map(
      c => `- \`${c.path}\`: ${CONFLICT_REASONS[c.reason]}`,
    ),
  ];
  return { title, body: lines.join('\n') };
}

/**
 * Zod schema parts shared by the OpenSLO v1 and Sloth prometheus/v1 readers.
 */
import { z } from 'zod';

/** An SLO or SLI name: a DNS label. */
export const dnsLabelName = z
  .string()
  .regex(
    /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    'must be lower-case letters, digits and dashes (a DNS label)',
  );

/** A map of strings, such as labels or annotations. */
export const stringMap = z.record(z.string(), z.string());

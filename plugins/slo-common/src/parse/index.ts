/**
 * SLO files (OpenSLO v1, Sloth prometheus/v1) parsed into the normalised
 * model of `../types`.
 */
export { parseSloFile } from './parseSloFile';

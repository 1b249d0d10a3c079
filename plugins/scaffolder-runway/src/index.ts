/**
 * Runway's scaffolder form fields (new frontend system): `RunwayServiceName`
 * (a DNS-1123 service name, explained in plain words and checked against the
 * catalog) and `RunwayOwnerPicker` (only Groups of the catalog).
 *
 * @packageDocumentation
 */
export { scaffolderModuleRunway as default } from './module';
export { checkOwner, checkServiceName, serviceNameProblem } from './validation';

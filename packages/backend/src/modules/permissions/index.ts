export { default } from './module';
export { RunwayPermissionPolicy } from './policy';
export type { RunwayRole, RoleBindings } from './roles';
export type { AccessRule } from './rules';

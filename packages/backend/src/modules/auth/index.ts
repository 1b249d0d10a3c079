export { default } from './module';
export { emailSignInResolver } from './emailSignInResolver';

export { default } from './module';
export { EmailProcessor } from './EmailProcessor';
export type { EmailProcessorOptions } from './EmailProcessor';
export { EMAIL_CONFIG_KEY, readEmailConfig } from './config';
export type { EmailConfig } from './config';

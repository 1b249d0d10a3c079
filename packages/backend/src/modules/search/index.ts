export { default } from './module';
export { EmptyBeforeIndexSearchEngine } from './EmptyBeforeIndexSearchEngine';

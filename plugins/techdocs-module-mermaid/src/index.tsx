/**
 * TechDocs module: Mermaid diagrams drawn offline, lazily loaded.
 *
 * @packageDocumentation
 */
export {
  techdocsModuleMermaid,
  techdocsModuleMermaid as default,
} from './module';

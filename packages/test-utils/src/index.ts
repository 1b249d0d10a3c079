/**
 * Test helpers shared by Runway's backend plugins.
 *
 * @packageDocumentation
 */
export * from './entities';
export * from './permissions';

export * from './emerging.js';
export * from './extractor.js';
export type { AliasHit } from './matcher.js';
export { AliasMatcher } from './matcher.js';

export * from './emerging.js';
export * from './extractor.js';
export type { AliasHit } from './matcher.js';
export { AliasMatcher } from './matcher.js';
export {
  type BatchExtractor,
  batchExtractor,
  defaultPoolSize,
  type ExtractAllOptions,
  ExtractionError,
  ExtractionPool,
  type ExtractionPoolOptions,
  type ExtractTask,
  PooledSkillExtractor,
} from './pool.js';

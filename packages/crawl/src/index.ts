export * from './engine.js';
export * from './jobposting.js';
export * from './network.js';
export * from './normalise.js';
export * from './sources/ats.js';
export * from './sources/career-site.js';
export * from './sources/feed.js';
export * from './sources/hackernews.js';

export * from './career-site.js';
export * from './jobposting.js';
export * from './network.js';
export * from './normalise.js';

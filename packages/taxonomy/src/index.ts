export * from './forms.js';
export * from './overlay.js';
export * from './taxonomy.js';

export * from './app.js';
export * from './csv.js';
export * from './errors.js';
export * from './query.js';
export * from './reports/index.js';
export { checkRole, defaultRoles, roleIds } from './role-catalogue.js';
export { wantsCsv } from './routes/reports.js';
export * from './schemas/index.js';

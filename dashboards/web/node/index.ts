import { fileURLToPath } from 'node:url';

/** The built dashboard (`vite build` output), for the API to serve at `/`. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../dist/', import.meta.url));

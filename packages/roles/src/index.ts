export { DEFAULT_ESCO_PATH, ESCO_URI_PREFIX, EscoIndex, loadEscoIndex, type Occupation, type OccupationMatch } from './esco.js';
export { DEFAULT_ROLES_PATH, loadRoleCatalogue, parseRoleCatalogue, type RoleCatalogue, type RoleFamily } from './families.js';
export { key as normaliseTitleWords, words as titleWords } from './normalise.js';
export { seniorityOf } from './seniority.js';
export { TitleClassifier, type TitleRole, titleSegments, UNKNOWN_ROLE } from './title.js';

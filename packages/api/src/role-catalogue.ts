import { didYouMean, InvalidInputError } from '@skillpulse/core';
import { loadRoleCatalogue, type RoleCatalogue, UNKNOWN_ROLE } from '@skillpulse/roles';

let bundledRoles: RoleCatalogue | undefined;
/** The role catalogue shipped with @skillpulse/roles, read once (a small YAML file). */
export function defaultRoles(): RoleCatalogue {
  bundledRoles ??= loadRoleCatalogue();
  return bundledRoles;
}

/** Role ids a `role` parameter accepts: every family and "unknown". */
export const roleIds = (roles: RoleCatalogue): string[] => [...roles.families.map((f) => f.id), UNKNOWN_ROLE.id];

/** Checks a role family id; an unknown one is a 400 naming it, with the closest id. */
export function checkRole(value: string, roles: RoleCatalogue, parameter = 'role'): string {
  const id = value.trim().toLowerCase();
  const known = roleIds(roles);
  if (known.includes(id)) return id;
  throw new InvalidInputError(
    `${parameter}: unknown role family "${value}"${didYouMean(value, known)} (GET /api/roles lists the ${known.length} role ids)`,
  );
}

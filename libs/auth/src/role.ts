/**
 * Roles of the people who use childalert. Each role belongs to exactly one
 * organisation: the two-organisation rule of the lifecycle (police validate,
 * the NGO activates) rests on that.
 */
export const Role = {
  PoliceOfficer: 'police_officer',
  PoliceSupervisor: 'police_supervisor',
  NgoOperator: 'ngo_operator',
  NgoAdmin: 'ngo_admin',
  Auditor: 'auditor',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ALL_ROLES: readonly Role[] = Object.values(Role);

export const Organisation = {
  Police: 'police',
  Ngo: 'ngo',
  Auditor: 'auditor',
} as const;
export type Organisation = (typeof Organisation)[keyof typeof Organisation];

export const ALL_ORGANISATIONS: readonly Organisation[] = Object.values(Organisation);

export function organisationOf(role: Role): Organisation {
  switch (role) {
    case Role.PoliceOfficer:
    case Role.PoliceSupervisor:
      return Organisation.Police;
    case Role.NgoOperator:
    case Role.NgoAdmin:
      return Organisation.Ngo;
    case Role.Auditor:
      return Organisation.Auditor;
  }
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}

/**
 * The single organisation a set of roles belongs to, or undefined when the set
 * is empty or mixes organisations (a user is never both police and NGO).
 */
export function organisationOfRoles(roles: readonly Role[]): Organisation | undefined {
  const organisations = new Set(roles.map(organisationOf));
  return organisations.size === 1 ? [...organisations][0] : undefined;
}

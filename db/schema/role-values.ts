/** Ordered from most to least powerful; see server/auth/roles.logic.ts for what each may do. */
export const roles = ["owner", "manager", "staff", "analyst"] as const;

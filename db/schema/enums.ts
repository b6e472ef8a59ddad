import { pgEnum } from "drizzle-orm/pg-core";

export const locales = ["zh-CN", "en"] as const;
export const localeEnum = pgEnum("locale", locales);

/** Ordered from most to least powerful; see server/auth/roles.logic.ts for what each may do. */
export const roles = ["owner", "manager", "staff", "analyst"] as const;
export const roleEnum = pgEnum("role", roles);

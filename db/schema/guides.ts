import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { localeEnum, roleEnum } from "./enums";
import { merchants } from "./tenancy";

/** Text in both of the product's languages. */
export type Localized = { "zh-CN": string; en: string };

/**
 * A guide's quiz, stored with the guide. `correct` lists the right option ids of a question
 * (more than one means "choose all that apply"); it never leaves the server before a submission.
 */
export interface GuideQuiz {
  /** Questions that must be answered right to pass. */
  passMark: number;
  questions: {
    id: string;
    prompt: Localized;
    options: { id: string; label: Localized }[];
    correct: string[];
    /** Shown once the quiz is passed: why the right answer is right. */
    explanation: Localized;
  }[];
}

/**
 * A training guide of one merchant. Shipped guides are copied into each merchant from
 * `server/guides/shipped/` and keep the hash of the shipped text they came from, so that a changed
 * shipped guide can be re-seeded (bumping `version`) unless the merchant has edited it.
 */
export const guides = pgTable(
  "guides",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    slug: text().notNull(),
    /** Which roles the guide is for: their library lists it and the matrix expects it of them. */
    roles: roleEnum().array().notNull(),
    /** Raised by every change of text, roles or quiz: acknowledgments of older versions lapse. */
    version: integer().notNull().default(1),
    sortOrder: integer().notNull().default(0),
    quiz: jsonb().$type<GuideQuiz>(),
    shippedHash: text(),
    editedAt: timestamp({ withTimezone: true }),
    editedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.merchantId, t.slug), index().on(t.merchantId, t.sortOrder)],
);

/** A guide's title and Markdown body in one language. */
export const guideContents = pgTable(
  "guide_contents",
  {
    guideId: uuid()
      .notNull()
      .references(() => guides.id, { onDelete: "cascade" }),
    locale: localeEnum().notNull(),
    title: text().notNull(),
    body: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.guideId, t.locale] })],
);

/**
 * One person's progress on one guide: the version they last worked on, when they acknowledged
 * it and when they passed its quiz. Progress on an older version than the guide's counts as none.
 */
export const guideAcknowledgments = pgTable(
  "guide_acknowledgments",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    guideId: uuid()
      .notNull()
      .references(() => guides.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    quizPassedAt: timestamp({ withTimezone: true }),
    /** Right answers at the last submission on this version. */
    quizScore: integer(),
    quizAttempts: integer().notNull().default(0),
    /** Failed tries since the last wait (see quizCooldown in guide.logic.ts). */
    quizFailedTries: integer().notNull().default(0),
    /** No quiz submissions before this moment, after too many failed tries. */
    quizLockedUntil: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.guideId, t.userId), index().on(t.merchantId, t.userId)],
);

/** An owner's or manager's nudge to finish a guide; shown to the person until they complete it. */
export const guideReminders = pgTable(
  "guide_reminders",
  {
    id: uuid().primaryKey().defaultRandom(),
    merchantId: uuid()
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    guideId: uuid()
      .notNull()
      .references(() => guides.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sentBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.merchantId, t.userId, t.createdAt)],
);

/**
 * A merchant's practice shop: a tenant of its own (sandbox methods and cash only) where
 * trainees take payments without touching the real shop's orders, figures or statements.
 * Every query is already scoped by merchant, so nothing real can see or change practice data.
 */
export const practiceShops = pgTable("practice_shops", {
  merchantId: uuid()
    .primaryKey()
    .references(() => merchants.id, { onDelete: "cascade" }),
  parentMerchantId: uuid()
    .notNull()
    .unique()
    .references(() => merchants.id, { onDelete: "cascade" }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

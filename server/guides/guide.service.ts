import { and, arrayOverlaps, asc, eq, ilike, max, or, sql } from "drizzle-orm";
import {
  guideAcknowledgments,
  guideContents,
  guideReminders,
  guides,
  memberships,
  users,
} from "@/db/schema";
import type { Db, DbOrTx, Tx } from "@/db/types";
import { recordAudit, type Actor } from "@/server/audit/audit.service";
import { editsGuides, type Role } from "@/server/auth/roles.logic";
import { DomainError } from "@/server/errors";
import { listMembers } from "@/server/team/team.service";
import {
  contentHash,
  isForRole,
  likePattern,
  progressState,
  publicQuiz,
  quizAnswers,
  scoreQuiz,
  afterQuizTry,
  summaryOf,
  type Locale,
} from "./guide.logic";
import type {
  AcknowledgeGuideInput,
  ListGuidesInput,
  RemindInput,
  SubmitQuizInput,
  UpdateGuideInput,
} from "./guide.schema";
import { one } from "@/db/one";

/** The person reading: their guides are those that target their role. */
export interface Reader {
  userId: string;
  role: Role;
}

/** Owners and managers edit guides and follow everyone's progress, so they may open any guide. */
const seesEveryGuide = (role: Role) => editsGuides.includes(role);

const notFound = () => new DomainError("NOT_FOUND", "guideNotFound", "Guide not found");

const progressColumns = {
  ackVersion: guideAcknowledgments.version,
  acknowledgedAt: guideAcknowledgments.acknowledgedAt,
  quizPassedAt: guideAcknowledgments.quizPassedAt,
  quizScore: guideAcknowledgments.quizScore,
  quizAttempts: guideAcknowledgments.quizAttempts,
  quizLockedUntil: guideAcknowledgments.quizLockedUntil,
};

function progressOf(
  guide: { version: number; hasQuiz: boolean },
  row: { ackVersion: number | null; acknowledgedAt: Date | null; quizPassedAt: Date | null },
) {
  return progressState(
    guide,
    row.ackVersion === null
      ? null
      : {
          version: row.ackVersion,
          acknowledgedAt: row.acknowledgedAt,
          quizPassedAt: row.quizPassedAt,
        },
  );
}

/**
 * The library: the reader's guides in their language with their state, searched in title and
 * body. A merchant keeps a handful of guides (tens at most), so the list is not paged.
 */
export async function listLibrary(
  db: DbOrTx,
  merchantId: string,
  reader: Reader,
  input: ListGuidesInput,
) {
  const lastReminder = db
    .select({ guideId: guideReminders.guideId, at: max(guideReminders.createdAt).as("at") })
    .from(guideReminders)
    .where(and(eq(guideReminders.merchantId, merchantId), eq(guideReminders.userId, reader.userId)))
    .groupBy(guideReminders.guideId)
    .as("last_reminder");
  const pattern = input.search ? likePattern(input.search) : null;
  const rows = await db
    .select({
      slug: guides.slug,
      roles: guides.roles,
      version: guides.version,
      updatedAt: guides.updatedAt,
      hasQuiz: sql<boolean>`${guides.quiz} is not null`,
      title: guideContents.title,
      body: guideContents.body,
      remindedAt: lastReminder.at,
      ...progressColumns,
    })
    .from(guides)
    .innerJoin(
      guideContents,
      and(eq(guideContents.guideId, guides.id), eq(guideContents.locale, input.locale)),
    )
    .leftJoin(
      guideAcknowledgments,
      and(
        eq(guideAcknowledgments.guideId, guides.id),
        eq(guideAcknowledgments.userId, reader.userId),
      ),
    )
    .leftJoin(lastReminder, eq(lastReminder.guideId, guides.id))
    .where(
      and(
        eq(guides.merchantId, merchantId),
        seesEveryGuide(reader.role) ? undefined : arrayOverlaps(guides.roles, [reader.role]),
        pattern
          ? or(ilike(guideContents.title, pattern), ilike(guideContents.body, pattern))
          : undefined,
      ),
    )
    .orderBy(asc(guides.sortOrder), asc(guideContents.title));
  return rows.map((r) => {
    const progress = progressOf(r, r);
    return {
      slug: r.slug,
      title: r.title,
      summary: summaryOf(r.body),
      roles: r.roles,
      version: r.version,
      hasQuiz: r.hasQuiz,
      isForMe: isForRole(r.roles, reader.role),
      ...progress,
      // A reminder matters until the guide is done.
      remindedAt: progress.state === "completed" ? null : r.remindedAt,
    };
  });
}

async function findGuide(db: DbOrTx, merchantId: string, slug: string) {
  const [guide] = await db
    .select()
    .from(guides)
    .where(and(eq(guides.merchantId, merchantId), eq(guides.slug, slug)));
  return guide;
}

/**
 * Locks the guide against edits while a reader's progress is written for its current version.
 * Progress is kept only on guides meant for the reader's role (editors may read the others).
 */
async function guideForReader(tx: Tx, merchantId: string, reader: Reader, slug: string) {
  const [guide] = await tx
    .select()
    .from(guides)
    .where(and(eq(guides.merchantId, merchantId), eq(guides.slug, slug)))
    .for("share");
  if (!guide || !(isForRole(guide.roles, reader.role) || seesEveryGuide(reader.role))) {
    throw notFound();
  }
  if (!isForRole(guide.roles, reader.role)) {
    throw new DomainError("INVALID_STATE", "guideNotForRole", "This guide is not for your role");
  }
  return guide;
}

function checkVersion(guide: { version: number }, version: number) {
  if (guide.version !== version) {
    throw new DomainError("CONFLICT", "guideChanged", "The guide changed; read the new version", {
      version: guide.version,
    });
  }
}

/** A guide to read: the text in one language, the quiz without its answers, and the reader's state. */
export async function getGuide(
  db: DbOrTx,
  merchantId: string,
  reader: Reader,
  input: { slug: string; locale: Locale },
) {
  const [row] = await db
    .select({
      guide: guides,
      title: guideContents.title,
      body: guideContents.body,
      ...progressColumns,
    })
    .from(guides)
    .innerJoin(
      guideContents,
      and(eq(guideContents.guideId, guides.id), eq(guideContents.locale, input.locale)),
    )
    .leftJoin(
      guideAcknowledgments,
      and(
        eq(guideAcknowledgments.guideId, guides.id),
        eq(guideAcknowledgments.userId, reader.userId),
      ),
    )
    .where(and(eq(guides.merchantId, merchantId), eq(guides.slug, input.slug)));
  if (!row || !(isForRole(row.guide.roles, reader.role) || seesEveryGuide(reader.role))) {
    throw notFound();
  }
  const { guide } = row;
  const progress = progressOf({ version: guide.version, hasQuiz: guide.quiz !== null }, row);
  const onCurrent = row.ackVersion === guide.version;
  return {
    slug: guide.slug,
    title: row.title,
    body: row.body,
    roles: guide.roles,
    version: guide.version,
    updatedAt: guide.updatedAt,
    isForMe: isForRole(guide.roles, reader.role),
    ...progress,
    quizScore: onCurrent ? row.quizScore : null,
    quizAttempts: onCurrent ? (row.quizAttempts ?? 0) : 0,
    quizRetryAt:
      row.quizLockedUntil && row.quizLockedUntil > new Date() ? row.quizLockedUntil : null,
    quiz: guide.quiz ? publicQuiz(guide.quiz, input.locale) : null,
    // The answers are shown only to someone who has passed this version's quiz.
    answers:
      guide.quiz && progress.state === "completed" ? quizAnswers(guide.quiz, input.locale) : null,
  };
}

/** "I have read this guide and will follow it", for the version read. */
export async function acknowledgeGuide(
  db: Db,
  actor: Actor & { userId: string },
  merchantId: string,
  role: Role,
  input: AcknowledgeGuideInput,
) {
  return db.transaction(async (tx) => {
    const guide = await guideForReader(tx, merchantId, { userId: actor.userId, role }, input.slug);
    checkVersion(guide, input.version);
    const now = new Date();
    const isNewVersion = sql`${guideAcknowledgments.version} <> excluded.version`;
    await tx
      .insert(guideAcknowledgments)
      .values({
        merchantId,
        guideId: guide.id,
        userId: actor.userId,
        version: guide.version,
        acknowledgedAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [guideAcknowledgments.guideId, guideAcknowledgments.userId],
        set: {
          version: sql`excluded.version`,
          acknowledgedAt: sql`excluded.acknowledged_at`,
          // A quiz passed on an older version does not count for this one.
          quizPassedAt: sql`case when ${isNewVersion} then null else ${guideAcknowledgments.quizPassedAt} end`,
          quizScore: sql`case when ${isNewVersion} then null else ${guideAcknowledgments.quizScore} end`,
          quizAttempts: sql`case when ${isNewVersion} then 0 else ${guideAcknowledgments.quizAttempts} end`,
          updatedAt: now,
        },
      });
    await recordAudit(tx, actor, {
      merchantId,
      action: "guide.acknowledge",
      entityType: "guide",
      entityId: guide.id,
      after: { slug: guide.slug, version: guide.version },
    });
    return { version: guide.version, acknowledgedAt: now };
  });
}

/**
 * Scores a quiz submission on the server. The reader learns the score and which questions
 * were wrong, never the right options (those come with the guide once passed), and waits
 * after too many failed tries in a row. The guide must be acknowledged first, on the same
 * version; a pass is kept even if a later try fails.
 */
export async function submitQuiz(
  db: Db,
  actor: Actor & { userId: string },
  merchantId: string,
  role: Role,
  input: SubmitQuizInput,
) {
  return db.transaction(async (tx) => {
    const guide = await guideForReader(tx, merchantId, { userId: actor.userId, role }, input.slug);
    checkVersion(guide, input.version);
    if (!guide.quiz)
      throw new DomainError("INVALID_STATE", "guideHasNoQuiz", "This guide has no quiz");
    const [progress] = await tx
      .select()
      .from(guideAcknowledgments)
      .where(
        and(
          eq(guideAcknowledgments.guideId, guide.id),
          eq(guideAcknowledgments.userId, actor.userId),
        ),
      )
      .for("update");
    if (!progress?.acknowledgedAt || progress.version !== guide.version) {
      throw new DomainError(
        "INVALID_STATE",
        "acknowledgeFirst",
        "Acknowledge the guide before taking its quiz",
      );
    }
    const now = new Date();
    if (progress.quizLockedUntil && progress.quizLockedUntil > now) {
      throw new DomainError("RATE_LIMITED", "quizCoolingDown", "Too many failed tries", {
        minutes: Math.ceil((progress.quizLockedUntil.getTime() - now.getTime()) / 60_000),
      });
    }
    const result = scoreQuiz(guide.quiz, input.answers);
    const next = afterQuizTry(progress.quizFailedTries, result.passed, now);
    await tx
      .update(guideAcknowledgments)
      .set({
        quizScore: result.score,
        quizAttempts: progress.quizAttempts + 1,
        quizFailedTries: next.failedTries,
        quizLockedUntil: next.lockedUntil,
        quizPassedAt: progress.quizPassedAt ?? (result.passed ? now : null),
        updatedAt: now,
      })
      .where(eq(guideAcknowledgments.id, progress.id));
    await recordAudit(tx, actor, {
      merchantId,
      action: "guide.quiz.submit",
      entityType: "guide",
      entityId: guide.id,
      after: {
        slug: guide.slug,
        version: guide.version,
        score: result.score,
        total: result.total,
        passed: result.passed,
      },
    });
    return {
      score: result.score,
      total: result.total,
      passMark: result.passMark,
      passed: result.passed,
      wrongQuestionIds: result.results.filter((r) => !r.isCorrect).map((r) => r.questionId),
      retryAt: next.lockedUntil,
    };
  });
}

/** Both languages and the full quiz, for the editor (owners and managers only, by the router). */
export async function getGuideForEdit(db: DbOrTx, merchantId: string, slug: string) {
  const guide = await findGuide(db, merchantId, slug);
  if (!guide) throw notFound();
  const contents = await db
    .select({ locale: guideContents.locale, title: guideContents.title, body: guideContents.body })
    .from(guideContents)
    .where(eq(guideContents.guideId, guide.id));
  const byLocale = Object.fromEntries(
    contents.map((c) => [c.locale, { title: c.title, body: c.body }]),
  );
  return {
    slug: guide.slug,
    version: guide.version,
    roles: guide.roles,
    quiz: guide.quiz,
    editedAt: guide.editedAt,
    contents: byLocale as Record<Locale, { title: string; body: string }>,
  };
}

/**
 * Saves an edit. Any change raises the version, so everyone's acknowledgment of the previous
 * text lapses and the guide is theirs to read again. `expectedVersion` stops two editors from
 * silently overwriting each other.
 */
export async function updateGuide(
  db: Db,
  actor: Actor,
  merchantId: string,
  input: UpdateGuideInput,
) {
  return db.transaction(async (tx) => {
    const [guide] = await tx
      .select()
      .from(guides)
      .where(and(eq(guides.merchantId, merchantId), eq(guides.slug, input.slug)))
      .for("update");
    if (!guide) throw notFound();
    if (guide.version !== input.expectedVersion) {
      throw new DomainError(
        "CONFLICT",
        "guideEditedMeanwhile",
        "Someone else saved this guide first",
      );
    }
    const contents = await tx
      .select({
        locale: guideContents.locale,
        title: guideContents.title,
        body: guideContents.body,
      })
      .from(guideContents)
      .where(eq(guideContents.guideId, guide.id));
    const editable = (g: Pick<UpdateGuideInput, "roles" | "quiz" | "contents">) =>
      contentHash({ roles: [...g.roles].sort(), quiz: g.quiz, contents: g.contents });
    const current = {
      roles: guide.roles,
      quiz: guide.quiz,
      contents: Object.fromEntries(
        contents.map((c) => [c.locale, { title: c.title, body: c.body }]),
      ) as UpdateGuideInput["contents"],
    };
    // Saving unchanged text must not send everyone back to re-read it.
    if (editable(current) === editable(input)) return { version: guide.version };
    const now = new Date();
    const after = one(
      await tx
        .update(guides)
        .set({
          roles: input.roles,
          quiz: input.quiz,
          version: guide.version + 1,
          editedAt: now,
          editedBy: actor.userId,
          updatedAt: now,
        })
        .where(eq(guides.id, guide.id))
        .returning({ version: guides.version }),
      "updated row",
    );
    await writeContents(tx, guide.id, input.contents);
    await recordAudit(tx, actor, {
      merchantId,
      action: "guide.update",
      entityType: "guide",
      entityId: guide.id,
      before: { slug: guide.slug, version: guide.version, roles: guide.roles },
      after: {
        slug: guide.slug,
        version: after.version,
        roles: input.roles,
        titles: { "zh-CN": input.contents["zh-CN"].title, en: input.contents.en.title },
        questions: input.quiz?.questions.length ?? 0,
      },
    });
    return { version: after.version };
  });
}

export async function writeContents(
  tx: Tx,
  guideId: string,
  contents: Record<Locale, { title: string; body: string }>,
) {
  await tx
    .insert(guideContents)
    .values(
      (Object.keys(contents) as Locale[]).map((locale) => ({
        guideId,
        locale,
        ...contents[locale],
      })),
    )
    .onConflictDoUpdate({
      target: [guideContents.guideId, guideContents.locale],
      set: { title: sql`excluded.title`, body: sql`excluded.body` },
    });
}

/**
 * People × guides: each member's state and date on every guide meant for their role
 * (null where the guide is not for them), and when they were last reminded.
 */
export async function progressMatrix(db: DbOrTx, merchantId: string, locale: Locale) {
  const [guideRows, people, progress, reminders] = await Promise.all([
    db
      .select({
        id: guides.id,
        slug: guides.slug,
        roles: guides.roles,
        version: guides.version,
        hasQuiz: sql<boolean>`${guides.quiz} is not null`,
        title: guideContents.title,
      })
      .from(guides)
      .innerJoin(
        guideContents,
        and(eq(guideContents.guideId, guides.id), eq(guideContents.locale, locale)),
      )
      .where(eq(guides.merchantId, merchantId))
      .orderBy(asc(guides.sortOrder), asc(guideContents.title)),
    listMembers(db, merchantId),
    db
      .select({
        guideId: guideAcknowledgments.guideId,
        userId: guideAcknowledgments.userId,
        ...progressColumns,
      })
      .from(guideAcknowledgments)
      .where(eq(guideAcknowledgments.merchantId, merchantId)),
    db
      .select({
        guideId: guideReminders.guideId,
        userId: guideReminders.userId,
        at: max(guideReminders.createdAt),
      })
      .from(guideReminders)
      .where(eq(guideReminders.merchantId, merchantId))
      .groupBy(guideReminders.guideId, guideReminders.userId),
  ]);
  const key = (guideId: string, userId: string) => `${guideId}:${userId}`;
  const progressBy = new Map(progress.map((p) => [key(p.guideId, p.userId), p]));
  const remindedBy = new Map(reminders.map((r) => [key(r.guideId, r.userId), r.at]));
  return {
    guides: guideRows.map(({ id: _id, hasQuiz, ...g }) => ({ ...g, hasQuiz })),
    people: people.map((person) => {
      const cells = guideRows.map((g) => {
        if (!isForRole(g.roles, person.role)) return null;
        const row = progressBy.get(key(g.id, person.userId));
        const state = progressOf(g, {
          ackVersion: row?.ackVersion ?? null,
          acknowledgedAt: row?.acknowledgedAt ?? null,
          quizPassedAt: row?.quizPassedAt ?? null,
        });
        return {
          slug: g.slug,
          ...state,
          quizScore: row?.ackVersion === g.version ? (row.quizScore ?? null) : null,
          remindedAt:
            state.state === "completed" ? null : (remindedBy.get(key(g.id, person.userId)) ?? null),
        };
      });
      const due = cells.filter((c) => c !== null);
      return {
        userId: person.userId,
        name: person.name,
        email: person.email,
        role: person.role,
        completed: due.filter((c) => c.state === "completed").length,
        due: due.length,
        cells,
      };
    }),
  };
}

/** Records a reminder that the person sees in their library until they complete the guide. */
export async function remindToRead(db: Db, actor: Actor, merchantId: string, input: RemindInput) {
  return db.transaction(async (tx) => {
    const guide = await findGuide(tx, merchantId, input.slug);
    if (!guide) throw notFound();
    const [member] = await tx
      .select({ role: memberships.role, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.merchantId, merchantId), eq(memberships.userId, input.userId)));
    if (!member) throw new DomainError("NOT_FOUND", "memberNotFound", "Member not found");
    if (!isForRole(guide.roles, member.role)) {
      throw new DomainError("INVALID_STATE", "guideNotForRole", "This guide is not for their role");
    }
    const [progress] = await tx
      .select(progressColumns)
      .from(guideAcknowledgments)
      .where(
        and(
          eq(guideAcknowledgments.guideId, guide.id),
          eq(guideAcknowledgments.userId, input.userId),
        ),
      );
    const { state } = progressOf(
      { version: guide.version, hasQuiz: guide.quiz !== null },
      {
        ackVersion: progress?.ackVersion ?? null,
        acknowledgedAt: progress?.acknowledgedAt ?? null,
        quizPassedAt: progress?.quizPassedAt ?? null,
      },
    );
    if (state === "completed") {
      throw new DomainError(
        "INVALID_STATE",
        "guideAlreadyCompleted",
        "They have completed this guide",
      );
    }
    const reminder = one(
      await tx
        .insert(guideReminders)
        .values({ merchantId, guideId: guide.id, userId: input.userId, sentBy: actor.userId })
        .returning({ id: guideReminders.id, createdAt: guideReminders.createdAt }),
      "reminder",
    );
    await recordAudit(tx, actor, {
      merchantId,
      action: "guide.remind",
      entityType: "guide",
      entityId: guide.id,
      after: { slug: guide.slug, version: guide.version, to: member.email },
    });
    return reminder;
  });
}

/** How many of the reader's guides wait for them (for the console's badge and the home page). */
export async function pendingGuides(
  db: DbOrTx,
  merchantId: string,
  reader: Reader,
  locale: Locale,
) {
  const library = await listLibrary(db, merchantId, reader, { locale });
  const mine = library.filter((g) => g.isForMe && g.state !== "completed");
  return {
    pending: mine.length,
    reminded: mine.flatMap((g) =>
      g.remindedAt ? [{ slug: g.slug, title: g.title, remindedAt: g.remindedAt }] : [],
    ),
  };
}

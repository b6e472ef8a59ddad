import { areaAccess, editsGuides, takesPayments } from "@/server/auth/roles.logic";
import { roleProcedure, router } from "@/server/trpc/init";
import {
  acknowledgeGuideInput,
  guideBySlugInput,
  guideForEditInput,
  listGuidesInput,
  localeInput,
  remindInput,
  submitQuizInput,
  updateGuideInput,
} from "./guide.schema";
import {
  acknowledgeGuide,
  getGuide,
  getGuideForEdit,
  listLibrary,
  pendingGuides,
  progressMatrix,
  remindToRead,
  submitQuiz,
  updateGuide,
} from "./guide.service";
import { practiceStatus, startPractice } from "./practice.service";

// Everyone who sees the guides area reads; owners and managers also edit and follow progress.
const reader = roleProcedure(...areaAccess.guides);
const editor = roleProcedure(...editsGuides);

export const guideRouter = router({
  library: reader
    .input(listGuidesInput)
    .query(({ ctx, input }) =>
      listLibrary(ctx.db, ctx.merchantId, { userId: ctx.user.id, role: ctx.role }, input),
    ),

  pending: reader
    .input(localeInput)
    .query(({ ctx, input }) =>
      pendingGuides(ctx.db, ctx.merchantId, { userId: ctx.user.id, role: ctx.role }, input.locale),
    ),

  bySlug: reader
    .input(guideBySlugInput)
    .query(({ ctx, input }) =>
      getGuide(ctx.db, ctx.merchantId, { userId: ctx.user.id, role: ctx.role }, input),
    ),

  acknowledge: reader
    .input(acknowledgeGuideInput)
    .mutation(({ ctx, input }) =>
      acknowledgeGuide(
        ctx.db,
        { ...ctx.actor, userId: ctx.user.id },
        ctx.merchantId,
        ctx.role,
        input,
      ),
    ),

  submitQuiz: reader
    .input(submitQuizInput)
    .mutation(({ ctx, input }) =>
      submitQuiz(ctx.db, { ...ctx.actor, userId: ctx.user.id }, ctx.merchantId, ctx.role, input),
    ),

  forEdit: editor
    .input(guideForEditInput)
    .query(({ ctx, input }) => getGuideForEdit(ctx.db, ctx.merchantId, input.slug)),

  update: editor
    .input(updateGuideInput)
    .mutation(({ ctx, input }) => updateGuide(ctx.db, ctx.actor, ctx.merchantId, input)),

  matrix: editor
    .input(localeInput)
    .query(({ ctx, input }) => progressMatrix(ctx.db, ctx.merchantId, input.locale)),

  practiceStatus: reader.query(({ ctx }) => practiceStatus(ctx.db, ctx.merchantId, ctx.user.id)),

  // Anyone who takes payments may practise; the library suggests it until the counter guides are done.
  startPractice: roleProcedure(...takesPayments).mutation(({ ctx }) =>
    startPractice(ctx.db, { ...ctx.actor, userId: ctx.user.id }, ctx.merchantId, ctx.encryptionKey),
  ),

  remind: editor
    .input(remindInput)
    .mutation(({ ctx, input }) => remindToRead(ctx.db, ctx.actor, ctx.merchantId, input)),
});

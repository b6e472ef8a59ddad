import { readsReconciliation, reconciles } from "@/server/auth/roles.logic";
import { roleProcedure, router } from "@/server/trpc/init";
import {
  listStatementLinesInput,
  listStatementsInput,
  downloadInput,
  methodIdInput,
  previewInput,
  saveMappingInput,
  statementIdInput,
} from "./statement.schema";
import { providerDepsFor } from "@/server/payments/provider-request.service";
import { previewCsv } from "./parsers/open-statement";
import { downloadAndImport } from "./statement-download.service";
import { saveStatementMapping } from "./statement-import.service";
import {
  getStatement,
  getStatementMapping,
  listStatementLines,
  listStatements,
} from "./statement-query.service";

const reader = roleProcedure(...readsReconciliation);
const reconciler = roleProcedure(...reconciles);

/** Statements (对账单): the list, one statement's summary and lines, the generic CSV mapping. */
export const statementRouter = router({
  list: reader
    .input(listStatementsInput)
    .query(({ ctx, input }) => listStatements(ctx.db, ctx.merchantId, input)),
  byId: reader
    .input(statementIdInput)
    .query(({ ctx, input }) => getStatement(ctx.db, ctx.merchantId, input.statementId)),
  lines: reader
    .input(listStatementLinesInput)
    .query(({ ctx, input }) => listStatementLines(ctx.db, ctx.merchantId, input)),
  mapping: reader
    .input(methodIdInput)
    .query(({ ctx, input }) => getStatementMapping(ctx.db, ctx.merchantId, input.methodId)),
  saveMapping: reconciler
    .input(saveMappingInput)
    .mutation(({ ctx, input }) => saveStatementMapping(ctx.db, ctx.actor, ctx.merchantId, input)),
  /** The provider's statement of one day (the sandbox wallet's own for a sandbox method), imported. */
  download: reconciler
    .input(downloadInput)
    .mutation(({ ctx, input }) =>
      downloadAndImport(
        ctx.db,
        ctx.actor,
        ctx.merchantId,
        input,
        providerDepsFor(ctx.encryptionKey),
      ),
    ),
  /** The headers and first rows of a CSV's first bytes, for the mapping dialog. */
  preview: reconciler
    .input(previewInput)
    .mutation(({ input }) => previewCsv(Buffer.from(input.head, "base64"))),
});

import { env } from "@/env";
import { runsOperations } from "@/server/auth/roles.logic";
import { roleProcedure, router } from "@/server/trpc/init";
import { operationsOverview } from "./operations.service";

export const operationsRouter = router({
  /** Install-wide (every shop's jobs and the whole database): the owner's alone. */
  overview: roleProcedure(...runsOperations).query(({ ctx }) =>
    operationsOverview(ctx.db, ctx.merchantId, {
      engine: env.engine,
      backupEncrypted: env.BACKUP_PASSPHRASE !== undefined,
      backupDir: env.backupDir,
    }),
  ),
});

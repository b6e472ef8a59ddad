/** Why a backup file was not restored (nothing was written to the target). */
export type RefusalReason =
  | "not_a_backup"
  | "newer_format"
  | "corrupted"
  | "truncated"
  | "passphrase_required"
  | "wrong_passphrase"
  | "newer_schema"
  | "target_not_empty"
  | "target_newer_schema"
  | "verification_failed";

/** A restore refused, with a message for the operator saying what to do. */
export class BackupRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = "BackupRefused";
  }
}

ALTER TABLE "audit_pending" DROP CONSTRAINT "audit_pending_merchant_id_merchants_id_fk";
--> statement-breakpoint
ALTER TABLE "audit_pending" DROP CONSTRAINT "audit_pending_actor_user_id_users_id_fk";

-- A request's session (its user's flags, its membership and the merchant's two-factor rule) is
-- kept by each app process for a while (server/auth/session-cache.ts): every change to what it
-- keeps is told to every process on the database, by whichever writer makes it (better-auth,
-- the team and account pages, housekeeping, a restore). One NOTIFY per statement, sent at commit;
-- a signed-in request touches none of these columns.
CREATE FUNCTION "notify_session_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('session_change', '');
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "sessions_change" AFTER UPDATE OF "token", "user_id", "expires_at" OR DELETE ON "sessions" FOR EACH STATEMENT EXECUTE FUNCTION "notify_session_change"();--> statement-breakpoint
CREATE TRIGGER "sessions_truncate" AFTER TRUNCATE ON "sessions" FOR EACH STATEMENT EXECUTE FUNCTION "notify_session_change"();--> statement-breakpoint
CREATE TRIGGER "users_change" AFTER UPDATE OF "id", "email", "name", "locale", "must_change_password", "two_factor_enabled" OR DELETE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "notify_session_change"();--> statement-breakpoint
CREATE TRIGGER "users_truncate" AFTER TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "notify_session_change"();--> statement-breakpoint
CREATE TRIGGER "memberships_change" AFTER INSERT OR UPDATE OR DELETE ON "memberships" FOR EACH STATEMENT EXECUTE FUNCTION "notify_session_change"();--> statement-breakpoint
CREATE TRIGGER "memberships_truncate" AFTER TRUNCATE ON "memberships" FOR EACH STATEMENT EXECUTE FUNCTION "notify_session_change"();--> statement-breakpoint
CREATE TRIGGER "merchants_change" AFTER UPDATE OF "id", "name", "two_factor_roles" OR DELETE ON "merchants" FOR EACH STATEMENT EXECUTE FUNCTION "notify_session_change"();--> statement-breakpoint
CREATE TRIGGER "merchants_truncate" AFTER TRUNCATE ON "merchants" FOR EACH STATEMENT EXECUTE FUNCTION "notify_session_change"();

/**
 * The one password rule, for every password a person is given or chooses: the owner's at
 * setup, a member's first one, an owner's reset, every change (the owner's too). The sign-in
 * does not measure it: a password chosen under an older, shorter minimum keeps signing in, and
 * is asked to meet this one only when it is next changed. Kept apart from the schemas (zod)
 * so that the pages' scripts can say it in hints and errors without loading them.
 */
export const minPasswordLength = 10;
export const maxPasswordLength = 128;

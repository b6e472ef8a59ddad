import { z } from "zod";

/**
 * What a reader cannot see: Unicode's White_Space (spaces, tabs, line breaks of every script)
 * and Default_Ignorable_Code_Point (zero-width spaces and joiners U+200B–U+200D, the word
 * joiner U+2060, the byte-order mark U+FEFF, the soft hyphen U+00AD, the Hangul fillers, the
 * variation selectors…), which render as nothing.
 */
const invisible = /[\p{White_Space}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * Whether a name shows anything once what cannot be seen is set aside. Such characters are
 * kept inside a visible name: the joiners make emoji (👩‍🍳) and Persian words (می‌خواهم).
 */
export const hasVisibleCharacter = (text: string) => text.replace(invisible, "") !== "";

/** Empty is left to `required` (zod runs every check of a string, not only the first failed). */
const notBlank = (text: string) => text === "" || hasVisibleCharacter(text);
/** The refusal of a name that would show blank in a list, a receipt or a sentence. */
const blank = { message: "blankName" };

/** What every name is checked for once typed: its length, and that it shows something. */
const shownName = (typed: z.ZodString, max: number) =>
  typed.max(max, { message: "tooLong" }).refine(notBlank, blank);

/**
 * A name people read (a shop, a store, a member, an item, a payment method, a promotion): up to
 * `max` characters, refused when it shows nothing (only U+200B pasted from a chat message).
 */
export const nameSchema = (max: number) =>
  shownName(z.string({ message: "required" }).trim().min(1, { message: "required" }), max);

/** An optional name (empty: none given), refused when given but blank. */
export const optionalNameSchema = (max: number) => shownName(z.string().trim(), max);

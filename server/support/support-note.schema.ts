import { z } from "zod";

export const addSupportNoteInput = z.object({
  orderId: z.uuid(),
  body: z.string().trim().min(1, { message: "required" }).max(2000, { message: "tooLong" }),
});
export type AddSupportNoteInput = z.infer<typeof addSupportNoteInput>;

export const supportNoteIdInput = z.object({ noteId: z.uuid() });

export const listSupportNotesInput = z.object({
  status: z.enum(["open", "resolved"]).default("open"),
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListSupportNotesInput = z.input<typeof listSupportNotesInput>;

import type { RouterInputs, RouterOutputs } from "../../_lib/router-types";

export type LibraryGuide = RouterOutputs["guides"]["library"][number];
export type GuideState = LibraryGuide["state"];
export type GuideForReading = RouterOutputs["guides"]["bySlug"];
export type GuideForEdit = RouterOutputs["guides"]["forEdit"];
export type GuideUpdate = RouterInputs["guides"]["update"];
export type QuizDraft = NonNullable<GuideUpdate["quiz"]>;
export type ProgressMatrix = RouterOutputs["guides"]["matrix"];

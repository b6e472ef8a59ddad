export * from "./enums";
export * from "./auth";
export * from "./tenancy";
export * from "./audit";
export * from "./payments";
export * from "./analytics";

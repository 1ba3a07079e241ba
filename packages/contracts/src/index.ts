export * from "./api.js";
export * from "./areas.js";
export * from "./cases.js";
export * from "./errors.js";
export * from "./registry.js";
export * from "./roles.js";
export * from "./volunteers.js";

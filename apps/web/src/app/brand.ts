/** Brand colours of the console. */
export const BRAND = { primary: "#c8161d", siderBg: "#1f2329" } as const;

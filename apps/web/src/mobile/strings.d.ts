// The phone entry's strings, made by the `mobileStrings` plugin of vite.config.ts.
declare module "virtual:mobile-strings/*" {
  const strings: Record<string, unknown>;
  export default strings;
}

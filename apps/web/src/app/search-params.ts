import { useSearchParams } from "react-router";

/** Changes some search parameters of the current page, keeping the others; an empty value removes one. */
export function useSearchUpdate() {
  const [params, setParams] = useSearchParams();
  return (changes: Record<string, string | undefined>, options?: { replace?: boolean }) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, options);
  };
}

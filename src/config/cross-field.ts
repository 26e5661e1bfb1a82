// Cross-field rules (sleeve ≥ cap, hard drawdown > soft) run as soon as the fields they compare are valid,
// even when other keys of the same section are not: by default zod skips a section's refinements after any
// error inside it, which would hide these problems until the others were fixed.
import type { z } from 'zod';

type Path = readonly PropertyKey[];

function related(a: Path, b: Path): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** superRefine params: run the rule when the value is an object and none of `fields` has an issue. */
export function whenValid(...fields: Path[]): z.core.$ZodSuperRefineParams {
  return {
    when: (payload) =>
      typeof payload.value === 'object' &&
      payload.value !== null &&
      !payload.issues.some((issue) => {
        // Issues of the object itself (unknown keys) do not make its fields invalid.
        const path = issue.path ?? [];
        return path.length > 0 && fields.some((f) => related(path, f));
      }),
  };
}

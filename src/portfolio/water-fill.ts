// Capped proportional allocation ("water-filling"). The budget is shared in proportion to raw weights; a name
// whose share would pass its cap is fixed at the cap and the excess is shared again among the others, until no
// share passes a cap. Weight that no uncapped name can take (every name at its cap) stays in cash.
//
// The result is the unique allocation w_i = min(cap_i, λ·raw_i) with Σ w = min(budget, Σ cap), so within names
// of equal cap a larger raw weight never gets a smaller weight.

/** Weights w_i = min(caps_i, λ·raw_i), λ as large as the budget allows. raw_i ≥ 0, caps_i ≥ 0, budget ≥ 0. */
export function waterFill(raw: readonly number[], caps: readonly number[], budget: number): number[] {
  const n = raw.length;
  const w = new Array<number>(n).fill(0);
  const free = new Set<number>();
  for (let i = 0; i < n; i++) if ((raw[i] as number) > 0 && (caps[i] as number) > 0) free.add(i);
  let remaining = budget;
  // Each round fixes at least one name at its cap, so at most n rounds.
  while (free.size > 0 && remaining > 0) {
    let total = 0;
    for (const i of free) total += raw[i] as number;
    const lambda = remaining / total;
    const capped: number[] = [];
    for (const i of free) if (lambda * (raw[i] as number) >= (caps[i] as number)) capped.push(i);
    if (capped.length === 0) {
      for (const i of free) w[i] = lambda * (raw[i] as number);
      break;
    }
    for (const i of capped) {
      w[i] = caps[i] as number;
      remaining -= caps[i] as number;
      free.delete(i);
    }
  }
  return w;
}

/**
 * Water-filling with one group cap on top of the individual caps: the members of `inGroup` together get at most
 * `groupCap`. When the group would pass it, its members are water-filled to `groupCap` alone (their relative
 * weights kept) and the rest of the budget is water-filled over the others: the group cap only moves weight from
 * the group to the others, never the reverse.
 */
export function waterFillWithGroup(
  raw: readonly number[],
  caps: readonly number[],
  inGroup: readonly boolean[],
  groupCap: number,
  budget: number,
): number[] {
  const w = waterFill(raw, caps, budget);
  let groupSum = 0;
  for (let i = 0; i < w.length; i++) if (inGroup[i] === true) groupSum += w[i] as number;
  if (groupSum <= groupCap) return w;
  const group = waterFill(
    raw.map((r, i) => (inGroup[i] === true ? r : 0)),
    caps,
    groupCap,
  );
  let used = 0;
  for (const x of group) used += x;
  const rest = waterFill(
    raw.map((r, i) => (inGroup[i] === true ? 0 : r)),
    caps,
    Math.max(0, budget - used),
  );
  return group.map((g, i) => (inGroup[i] === true ? g : (rest[i] as number)));
}

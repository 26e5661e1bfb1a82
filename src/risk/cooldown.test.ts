import { describe, expect, it } from 'vitest';
import { NO_COOLDOWNS, isCoolingDown, pruneCooldowns, startCooldown } from './cooldown.js';
import { DEFAULT_RISK_PARAMS } from './params.js';

describe('cool-down', () => {
  const H = 3_600_000;
  it('blocks re-entry for cooldown_hours after a stop-out, then lets it go', () => {
    const c = startCooldown(NO_COOLDOWNS, 'SOL', 10 * H, DEFAULT_RISK_PARAMS.cooldownMs);
    expect(isCoolingDown(c, 'SOL', 10 * H)).toBe(true);
    expect(isCoolingDown(c, 'SOL', 22 * H - 1)).toBe(true);
    expect(isCoolingDown(c, 'SOL', 22 * H)).toBe(false);
    expect(isCoolingDown(c, 'ETH', 11 * H)).toBe(false);
    expect(pruneCooldowns(c, 22 * H)).toEqual({});
    expect(pruneCooldowns(c, 21 * H)).toEqual(c);
    // A later stop-out extends it; an earlier one does not shorten it; 0 hours means no cool-down.
    expect(startCooldown(c, 'SOL', 11 * H, 12 * H)).toEqual({ SOL: 23 * H });
    expect(startCooldown(c, 'SOL', 0, 12 * H)).toEqual(c);
    expect(startCooldown(NO_COOLDOWNS, 'SOL', 0, 0)).toEqual({});
  });
});

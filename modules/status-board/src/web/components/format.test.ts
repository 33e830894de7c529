import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, wallClockInstant } from '../../contracts/index.ts';
import { clockTime, shiftDate, todayIn } from './format.ts';

// 23:30 on 20 September in Chicago is 04:30 on the 21st in UTC and 06:30 in Berlin.
const LATE_EVENING = Date.parse('2025-09-21T04:30:00Z');

describe("the shop's clock in the browser", () => {
  it("names the shop's date, not the browser's or UTC's", () => {
    expect(todayIn('America/Chicago', LATE_EVENING)).toBe('2025-09-20');
    expect(todayIn('UTC', LATE_EVENING)).toBe('2025-09-21');
    expect(todayIn('Pacific/Auckland', LATE_EVENING)).toBe('2025-09-21');
  });

  it('shows promised times on the shop clock and reads them back to the same instant', () => {
    expect(clockTime('2025-09-21T04:30:00Z', 'America/Chicago')).toBe('11:30 PM');
    expect(clockTime('2025-09-21T04:30:00Z', 'Europe/Berlin')).toBe('6:30 AM');
    expect(wallClockInstant('2025-09-20', '23:30', 'America/Chicago').getTime()).toBe(LATE_EVENING);
    // The day clocks go back in Chicago (1 November 2026): noon is UTC-6 again.
    expect(wallClockInstant('2026-11-01', '12:00', 'America/Chicago').toISOString()).toBe('2026-11-01T18:00:00.000Z');
  });

  it('moves the day picker by calendar days across month ends and accepts only known zone names', () => {
    expect(shiftDate('2025-09-30', 1)).toBe('2025-10-01');
    expect(shiftDate('2025-03-01', -1)).toBe('2025-02-28');
    expect(canonicalTimeZone('america/chicago')).toBe('America/Chicago');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });
});

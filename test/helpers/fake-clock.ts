/** A clock the test sets: services read `now` through it. */
export function createFakeClock(start: string) {
  let current = new Date(start).toISOString();
  return {
    now: () => current,
    set(instant: string) {
      current = new Date(instant).toISOString();
    },
    advanceHours(hours: number) {
      current = new Date(Date.parse(current) + hours * 3_600_000).toISOString();
    },
  };
}

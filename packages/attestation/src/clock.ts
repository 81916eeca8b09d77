/**
 * An injectable clock. Nitro leaf certificates live about three hours, so verifying a recorded document
 * needs the time it was made; tests and kms-local pass their own clock.
 */
export type Clock = Date | number | (() => Date | number);

export function readClock(clock: Clock | undefined): Date {
  const value = typeof clock === "function" ? clock() : (clock ?? Date.now());
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError("The clock returned an invalid time");
  return date;
}

export type Interval = 'day' | 'week' | 'month' | 'quarter' | 'year';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(date: string): Date {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not an ISO date (YYYY-MM-DD): "${date}"`);
  const parsed = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (parsed.toISOString().slice(0, 10) !== date) throw new RangeError(`not a calendar date: "${date}"`);
  return parsed;
}

const iso = (date: Date) => date.toISOString().slice(0, 10);

/** The first day of the period a date falls in (weeks start on Monday, as ISO weeks do). */
export function periodStart(date: string, interval: Interval): string {
  const d = parseDate(date);
  switch (interval) {
    case 'day':
      return date;
    case 'week':
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      return iso(d);
    case 'month':
      return `${date.slice(0, 7)}-01`;
    case 'quarter':
      return `${date.slice(0, 5)}${String(Math.floor(d.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`;
    case 'year':
      return `${date.slice(0, 4)}-01-01`;
  }
}

/** The first day of the next period. */
export function nextPeriod(start: string, interval: Interval): string {
  const d = parseDate(start);
  if (interval === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + (interval === 'month' ? 1 : interval === 'quarter' ? 3 : 12));
  return iso(d);
}

/** Every period from the one holding `from` to the one holding `to`, so empty periods show as zero. */
export function periodsBetween(from: string, to: string, interval: Interval, max = 5000): string[] {
  const periods: string[] = [];
  const last = periodStart(to, interval);
  for (let p = periodStart(from, interval); p <= last; p = nextPeriod(p, interval)) {
    periods.push(p);
    if (periods.length > max) throw new RangeError(`more than ${max} ${interval} periods between ${from} and ${to}`);
  }
  return periods;
}

export function isIsoDate(value: string): boolean {
  try {
    parseDate(value);
    return true;
  } catch {
    return false;
  }
}

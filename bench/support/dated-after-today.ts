// The kinds' samples are dated March 2026 for the tests' fixed clock; the benches run on the real clock, and a
// deadline before the filing day is refused (400). Moves every ISO date of a body to next year.
export function datedAfterToday<T>(body: T): T {
  const year = new Date().getUTCFullYear() + 1;
  return JSON.parse(JSON.stringify(body).replace(/"\d{4}-(\d{2})-(\d{2})"/g, `"${year}-$1-$2"`)) as T;
}

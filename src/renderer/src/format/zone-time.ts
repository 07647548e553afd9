/**
 * Times of day in a time zone: the clock (`21:05`) and the zone's offset (`UTC−3`) at an
 * instant given as MJD (UTC). Uses the runtime's IANA zone data (Intl). Pure.
 */

const MJD_UNIX_EPOCH = 40587;

const ms = (mjd: number): number => Math.round((mjd - MJD_UNIX_EPOCH) * 86_400_000);

/** The time zone of the computer showing the page (`Europe/Madrid`; `UTC` if it has none). */
export function systemTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** `HH:MM` (24 h) of MJD `mjd` in `timeZone`, to the nearest minute. */
export function clockIn(mjd: number, timeZone: string): string {
  const t = Math.round(ms(mjd) / 60_000) * 60_000;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(t);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('hour')}:${get('minute')}`;
}

/** The zone's offset from UTC at MJD `mjd`, as `UTC`, `UTC+1`, `UTC−3`, `UTC+5:30`. */
export function offsetIn(mjd: number, timeZone: string): string {
  const name = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(ms(mjd)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name.replace(/^GMT/, 'UTC').replace('-', '−');
  return offset === 'UTC+0' ? 'UTC' : offset;
}

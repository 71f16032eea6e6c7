// Time against the server's clock (the browser's may be off), and how the pages write times.

let offsetMs = 0;

/** Sets the server-minus-browser offset from a server time stamp read just now. */
export function syncServerTime(serverIso: string | null | undefined): void {
  if (!serverIso) return;
  const server = Date.parse(serverIso);
  if (!Number.isNaN(server)) offsetMs = server - Date.now();
}

export function setServerOffset(ms: number): void {
  offsetMs = ms;
}

/** Now, in Unix ms, on the server's clock. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The townships' wall time (Asia/Shanghai), whatever zone the browser's PC is set to. China keeps UTC+8
 * all year (no daylight saving since 1991), so shifting by a fixed 8 hours and reading the UTC fields is
 * exact and cheaper than Intl per call.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

export function wallTime(ms: number): WallTime {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay(),
  };
}

export function formatClock(ms: number): string {
  const w = wallTime(ms);
  return `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** "14:05" in Asia/Shanghai. */
export function formatHourMinute(ms: number): string {
  const w = wallTime(ms);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

const weekdays = ['日', '一', '二', '三', '四', '五', '六'];

export function formatDate(ms: number): string {
  const w = wallTime(ms);
  return `${w.year}年${w.month}月${w.day}日 星期${weekdays[w.weekday] ?? ''}`;
}

/** "14:05" today, "11-23 14:05" another day (days as in Asia/Shanghai). */
export function formatShortTime(iso: string | null | undefined): string {
  const t = parseTime(iso);
  if (t === null) return '—';
  const d = wallTime(t);
  const now = wallTime(serverNow());
  const hm = `${pad(d.hour)}:${pad(d.minute)}`;
  return d.year === now.year && d.month === now.month && d.day === now.day ? hm : `${pad(d.month)}-${pad(d.day)} ${hm}`;
}

/** A span of time for a countdown: "2天03:15", "1:05:09", "04:59". */
export function formatSpan(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days}天${pad(hours)}:${pad(minutes)}`;
  if (hours > 0) return `${hours}:${pad(minutes)}:${pad(seconds)}`;
  return `${pad(minutes)}:${pad(seconds)}`;
}

/** A duration for 平均响应时长 / 平均办结时长: "12.5 分钟", "3.2 小时", "1.5 天". */
export function formatDuration(ms: number | null): { value: string; unit: string } {
  if (ms === null || !Number.isFinite(ms)) return { value: '—', unit: '' };
  const minutes = ms / 60000;
  if (minutes < 120) return { value: minutes.toFixed(minutes < 10 ? 1 : 0), unit: '分钟' };
  const hours = minutes / 60;
  if (hours < 48) return { value: hours.toFixed(1), unit: '小时' };
  return { value: (hours / 24).toFixed(1), unit: '天' };
}

export interface Countdown {
  text: string;
  overdue: boolean;
  /** Less than a quarter of an hour left. */
  soon: boolean;
}

export function countdown(deadlineIso: string | null | undefined, label: string): Countdown | null {
  const deadline = parseTime(deadlineIso);
  if (deadline === null) return null;
  const left = deadline - serverNow();
  if (left < 0) return { text: `${label}超时 ${formatSpan(left)}`, overdue: true, soon: false };
  return { text: `${label}剩 ${formatSpan(left)}`, overdue: false, soon: left < 15 * 60000 };
}

// A lighting schedule (控制方案) in words, as the 照明 page lists it: 日落后10分钟开灯，100%，22:00起60%，日出前关灯.
import type { CalendarException, DimLevel, LightingSchedule, ScheduleScopeName } from './types';

/** Step times in the night's order: evening (noon to midnight) first, then the morning. */
export function nightOrder(steps: readonly DimLevel[]): DimLevel[] {
  const key = (at: string): number => {
    const [h, m] = at.split(':').map(Number) as [number, number];
    const minutes = h * 60 + m;
    return minutes < 720 ? minutes + 1440 : minutes;
  };
  return [...steps].sort((a, b) => key(a.at) - key(b.at));
}

function offset(event: '日落' | '日出', minutes: number): string {
  if (minutes === 0) return event;
  return `${event}${minutes > 0 ? '后' : '前'}${Math.abs(minutes)}分钟`;
}

function levels(brightness: number, steps: readonly DimLevel[]): string {
  return [`${brightness}%`, ...nightOrder(steps).map((s) => `${s.at}起${s.brightness}%`)].join('，');
}

export function exceptionWords(e: CalendarException): string {
  const when = e.date ? e.date : `每月${(e.daysOfMonth ?? []).join('、')}日`;
  return `${e.name}（${when}）：${levels(e.brightness, e.steps)}`;
}

export function scheduleWords(s: LightingSchedule): string {
  const on = s.switching === 'Lux' ? `光控：低于${s.switchLux ?? '?'} lx开灯` : `${offset('日落', s.onOffsetMinutes)}开灯`;
  const off = s.switching === 'Lux' ? '天亮自动关灯' : `${offset('日出', s.offOffsetMinutes)}关灯`;
  return `${on}，${levels(s.brightness, s.steps)}，${off}`;
}

/** 全镇默认, 村：石门村, 街道：石门路, 回路：yimen-F03, 路灯：yimen-L0001. */
export function scopeWords(scope: ScheduleScopeName, villageName: (id: string) => string): string {
  switch (scope.kind) {
    case 'Township': return '全镇默认';
    case 'Village': return `村：${villageName(scope.id ?? '')}`;
    case 'Street': return `街道：${scope.id ?? ''}`;
    case 'Feeder': return `回路：${scope.id ?? ''}`;
    default: return `路灯：${scope.id ?? ''}`;
  }
}

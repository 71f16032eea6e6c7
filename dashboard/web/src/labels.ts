// Every Chinese word the pages show for a value the server sends as an English name.
import type {
  AlarmSeverity, CellLevel, IncidentSeverity, IncidentSource, IncidentStatus, ModeName, ResponderStatus,
  Role, WhistleCategory, WhistleSeverity,
} from './types';

function lookup(table: Record<string, string>, key: string | null | undefined, fallback = '—'): string {
  if (key == null || key === '') return fallback;
  const capitalised = key.charAt(0).toUpperCase() + key.slice(1);
  return table[key] ?? table[capitalised] ?? table[key.toLowerCase()] ?? key;
}

export const incidentStatusLabels: Record<IncidentStatus, string> = {
  Reported: '已上报',
  Triaged: '已研判',
  Dispatched: '已派单',
  Acknowledged: '已接单',
  OnSite: '已到场',
  Resolved: '已办结',
  Closed: '已销号',
  Cancelled: '已撤销',
  Merged: '已并案',
};
export const incidentStatusLabel = (s: string | null | undefined): string => lookup(incidentStatusLabels, s);

export const incidentSeverityLabels: Record<IncidentSeverity, string> = {
  Micro: '微事',
  Minor: '小事',
  Major: '大事',
  Emergency: '急事',
};
export const incidentSeverityLabel = (s: string | null | undefined): string => lookup(incidentSeverityLabels, s);

export const whistleSeverityLabels: Record<WhistleSeverity, string> = {
  micro: '微事',
  minor: '小事',
  major: '大事',
  emergency: '急事',
};

export const categoryLabels: Record<WhistleCategory, string> = {
  lighting: '照明',
  electrical: '电力',
  road: '道路',
  water: '供水',
  dispute: '纠纷',
  safety: '安全',
  environment: '环境',
  flood: '防汛',
  fire: '消防',
  other: '其他',
};
export const categoryLabel = (c: string | null | undefined): string => lookup(categoryLabels, c);

export const sourceLabels: Record<IncidentSource, string> = {
  Whistle: '吹哨',
  LampAlarm: '路灯告警',
  FeederOutage: '线路停电',
  Hotline: '12345热线',
};
export const sourceLabel = (s: string | null | undefined): string => lookup(sourceLabels, s);

export const faultLabels: Record<string, string> = {
  LAMP_FAILURE: '灯具故障',
  POWER_FAILURE: '断电',
  OVER_VOLTAGE: '过压',
  DAY_BURNING: '白天亮灯',
  COMM_LOSS: '离线', // one word for a lamp that stopped reporting, as on the map and the 离线 tile
  LOW_BATTERY: '电池电量低',
  POLE_TILT: '灯杆倾斜',
  LEAKAGE: '漏电',
  LAMP_OUT: '应亮未亮',
  RELAY_FAILURE: '继电器故障',
  POWER_HIGH: '功率过高',
  POWER_LOW: '功率过低',
  LAMP_CYCLING: '频繁开关',
  NEAR_END_OF_LIFE: '接近寿命',
};
export const faultLabel = (code: string | null | undefined): string => lookup(faultLabels, code);

export const alarmSeverityLabels: Record<AlarmSeverity, string> = {
  Info: '提示',
  Minor: '一般',
  Major: '严重',
  Critical: '危急',
};
export const alarmSeverityLabel = (s: string | null | undefined): string => lookup(alarmSeverityLabels, s);

export const responderStatusLabels: Record<ResponderStatus, string> = {
  OffDuty: '下班',
  Available: '空闲',
  Assigned: '已派单',
  EnRoute: '在途',
  OnSite: '在现场',
};
export const responderStatusLabel = (s: string | null | undefined): string => lookup(responderStatusLabels, s);

export const levelLabels: Record<CellLevel, string> = {
  County: '县',
  Township: '乡镇',
  Village: '村',
  Group: '组',
  Neighbourhood: '邻',
};
export const levelLabel = (l: string | null | undefined): string => lookup(levelLabels, l);

export const modeLabels: Record<ModeName, string> = {
  Normal: '平时状态',
  Emergency: '应急状态',
};

export const roleLabels: Record<Role, string> = {
  county: '县级',
  township: '乡镇',
  village: '村级',
  leader: '网格长',
  responder: '处置人员',
};
export const roleLabel = (r: string | null | undefined): string => lookup(roleLabels, r);

export const historyMetricLabels = {
  lit: '亮灯数',
  offline: '离线',
  faulty: '故障灯',
  incidents: '在办事件',
} as const;

export const connectionLabels = {
  connecting: '连接中',
  connected: '已连接',
  reconnecting: '重连中',
  disconnected: '已断开',
} as const;
export type ConnectionState = keyof typeof connectionLabels;

/** A feeder (回路) without its township's prefix: `yimen-F03` reads F03 on 益门镇's screen. */
export function feederLabel(township: string, feeder: string): string {
  return feeder.startsWith(`${township}-`) ? feeder.slice(township.length + 1) : feeder;
}

/** The message for an HTTP status the pages do not handle more specifically. */
export function httpStatusMessage(status: number): string {
  switch (status) {
    case 0: return '网络连接失败，请检查网络';
    case 400: return '请求无效';
    case 401: return '登录已失效，请重新登录';
    case 403: return '无权执行此操作';
    case 404: return '未找到';
    case 409: return '当前状态不允许此操作';
    case 429: return '尝试次数过多，请稍后再试';
    default: return status >= 500 ? `服务器错误（${status}）` : `请求失败（${status}）`;
  }
}

/**
 * 研判 and 改判 lines carry the server's names ("Minor → Village", "Lighting/Minor → Safety/Major"):
 * shown in Chinese, other lines (people's notes) as written.
 */
export function timelineText(kind: string, text: string): string {
  if (kind !== 'Triaged' && kind !== 'Retriaged') return text;
  const tables: Record<string, string>[] = [incidentSeverityLabels, levelLabels, categoryLabels];
  return text.replace(/\b[A-Za-z]+\b/g, (word) => tables.map((t) => t[word]).find((w) => w !== undefined) ?? word);
}

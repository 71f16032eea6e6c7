// What a lamp dot shows: one state per lamp, worst first (a leak outranks being offline, and so on).
import type { Lamp } from '../types';

export type LampState = 'leak' | 'offline' | 'faulty' | 'lit' | 'off';

export const lampStateLabels: Record<LampState, string> = {
  lit: '亮灯',
  off: '关灯',
  faulty: '故障',
  offline: '离线',
  leak: '漏电',
};

/** The dot's fill per state, as the legend shows it (the page's --amber, --grey, --red). */
export const lampStateColours: Record<LampState, string> = {
  lit: '#ffb020',
  off: '#5d6d82',
  faulty: '#ff4d4f',
  offline: '#0b1320',
  leak: '#ff1f3d',
};

export function lampState(l: Lamp): LampState {
  const faults = l.faults ?? [];
  if (faults.includes('LEAKAGE')) return 'leak';
  if (!l.online || faults.includes('COMM_LOSS')) return 'offline';
  if (faults.length > 0) return 'faulty';
  if (l.on && l.brightness !== 0) return 'lit';
  return 'off';
}

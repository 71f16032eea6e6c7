// 指挥中心 (/): the wall screen. Watches a scope on the hub, keeps the live state in a store and
// redraws what changed once per animation frame.
import { AlarmFeed } from '../alarms';
import { api } from '../api';
import { homeFor, requireSession, wireLogout } from '../auth';
import { onBlinkBeat } from '../blink';
import { IncidentBoard } from '../board';
import { IncidentDrawer } from '../drawer';
import { LampDrawer } from '../lampDrawer';
import { HistoryChart } from '../chart';
import { formatClock, formatDate, serverNow } from '../clock';
import { CapacityWarning } from '../capacity';
import { SilenceBanner } from '../silence';
import { byId, el, setAttr, setText } from '../dom';
import { EmergencyView, ModeSwitch } from '../emergency';
import { LiveConnection } from '../hub';
import { KpiView } from '../kpi';
import { LeagueTable } from '../league';
import { connectionLabels, roleLabel, type ConnectionState } from '../labels';
import { MapView } from '../map';
import { PlaybackControl } from '../playbackControl';
import { RankingView } from '../ranking';
import { RespondersView } from '../responders';
import { Beeper } from '../sound';
import { isOpen, LiveStore, noChanges } from '../store';
import { LoginRedirect } from '../token';
import type {
  AlarmItem, Incident, IncidentEscalation, Lamp, LampCommandItem, Me, Mode, Responder, Silence, Snapshot, Summary,
} from '../types';

/** The longest a frame spends recolouring lamps; the rest waits for the next update. */
const LAMP_BUDGET_MS = 12;
/** The shortest time between two updates of the lamps' colours. */
const MAP_INTERVAL_MS = 250;

function defaultScope(me: Me): string {
  return me.role === 'county' ? 'county' : (me.townships[0] ?? '');
}

function allowedScopes(me: Me): string[] {
  return me.role === 'county' ? ['county', ...me.townships] : [...me.townships];
}

function chooseScope(me: Me): string {
  const asked = new URLSearchParams(location.search).get('scope');
  return asked && allowedScopes(me).includes(asked) ? asked : defaultScope(me);
}

function setupScopeSelector(me: Me, scope: string, names: Map<string, string>): HTMLSelectElement {
  const select = byId<HTMLSelectElement>('scope');
  const scopes = allowedScopes(me);
  const fill = () => {
    select.replaceChildren(...scopes.map((s) => el('option', { value: s }, s === 'county' ? '全县' : (names.get(s) ?? s))));
    select.value = scope;
  };
  fill();
  select.hidden = scopes.length <= 1;
  select.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('scope', select.value);
    location.assign(url.toString());
  });
  if (scopes.length > 1) {
    // township names for the selector; the snapshot of a county scope brings them too
    void Promise.all(me.townships.map((t) => api.townshipSummary(t).then((s) => names.set(t, s.name)).catch(() => undefined))).then(fill);
  }
  return select;
}

/** "益门镇指挥中心"; the county's name already says what it is ("县级指挥中心"). */
export function commandCentreTitle(scope: string, name: string): string {
  if (scope === 'county') return name.endsWith('指挥中心') ? name : `${name || '县级'}指挥中心`;
  return name.endsWith('指挥中心') ? name : `${name}指挥中心`;
}

function showFatal(message: string): void {
  const box = byId('fatal');
  // the hub's and the browser's own messages are English: say it in Chinese, keep the detail in the console
  const forbidden = /forbidden:/i.test(message);
  if (!forbidden && !/[\u4e00-\u9fff]/.test(message)) console.warn(message);
  const text = forbidden ? '该账号无权查看这个辖区' : /[\u4e00-\u9fff]/.test(message) ? message : '暂时无法连接指挥中心，请稍后刷新页面';
  box.replaceChildren(el('div', { class: 'fatal-box' }, el('h2', {}, '无法显示该辖区'), el('p', {}, text)));
  box.hidden = false;
}

async function main(): Promise<void> {
  wireLogout();
  const me = await requireSession();
  if (me.role === 'leader' || me.role === 'responder') {
    location.replace(homeFor(me.role));
    return;
  }
  setText(byId('user'), `${me.displayName || me.name}（${roleLabel(me.role)}）`);
  const scope = chooseScope(me);
  if (!scope) {
    showFatal('该账号没有可查看的乡镇');
    return;
  }
  const names = new Map<string, string>();
  setupScopeSelector(me, scope, names);

  // --- rendering, coalesced per animation frame -------------------------------------------------
  let frame = 0;
  let fallback = 0;
  const schedule = () => {
    if (frame || fallback) return;
    frame = requestAnimationFrame(render);
    // a hidden tab gets no animation frames: render anyway, less often
    fallback = window.setTimeout(render, 250);
  };
  const store = new LiveStore(schedule);
  onBlinkBeat(); // alarm rows, emergencies and the map's leak rings flash on one beat
  const beeper = new Beeper();
  // the county compares its townships (乡镇对比) instead of ranking villages; a township opens on click
  const openTownship = (township: string) => {
    const url = new URL(location.href);
    url.searchParams.set('scope', township);
    location.assign(url.toString());
  };
  const kpis = new KpiView(byId('kpis'), store);
  const board = new IncidentBoard(byId('board'), store);
  // 事件详情: a card opens the drawer; the command centre's accounts get its actions. 路灯详情 likewise for a lamp.
  const mayCommand = me.role === 'county' || me.role === 'township';
  const drawer = new IncidentDrawer(byId('drawer'), mayCommand, (id) => store.responders.get(id)?.name ?? id);
  const lampDrawer = new LampDrawer(byId('lamp-drawer'), mayCommand, store);
  const openIncidentDrawer = (id: string) => {
    lampDrawer.close();
    void drawer.open(id);
  };
  const openLampDrawer = (id: string) => {
    drawer.close();
    void lampDrawer.open(id);
  };
  const openIncident = (e: Event) => {
    const row = (e.target as Element).closest<HTMLElement>('[data-incident-id]');
    if (row?.dataset.incidentId) openIncidentDrawer(row.dataset.incidentId);
  };
  byId('board').addEventListener('click', openIncident);
  byId('emergency-incidents').addEventListener('click', openIncident);
  // an alarm row, or a township map's lamp, opens its work order if it has one, else the lamp
  byId('alarm-feed').addEventListener('click', (e) => {
    const row = (e.target as Element).closest<HTMLElement>('[data-lamp-id]');
    if (row?.dataset.incidentId) openIncidentDrawer(row.dataset.incidentId);
    else if (row?.dataset.lampId) openLampDrawer(row.dataset.lampId);
  });
  // a township map's lamp opens its work order if it has one, else the lamp; a pin opens its incident;
  // a lamp found by the search box opens the lamp itself; on the county's map a township opens
  const map = new MapView(byId('map'), byId('map-legend'), store, scope === 'county' ? { onTownship: openTownship, onDrawn: schedule, searchSlot: byId('map-search') } : {
    onLamp: (lamp) => {
      const incident = [...store.incidents.values()].find((i) => isOpen(i) && i.lamps?.includes(lamp));
      if (incident) openIncidentDrawer(incident.id);
      else openLampDrawer(lamp);
    },
    onIncident: openIncidentDrawer,
    onLampFound: openLampDrawer,
    onDrawn: schedule,
    searchSlot: byId('map-search'),
  });
  // 回放 is a township's (the history store keeps a township's hour; a village's screen sees no responders)
  if (scope !== 'county' && (me.role === 'county' || me.role === 'township')) new PlaybackControl(byId('map-playback'), byId('playback-slot'), map, scope);
  const pick = (lat: number | null, lon: number | null) => map.highlight(lat, lon);
  const feed = new AlarmFeed(byId('alarm-feed'), byId('emergency-incidents'), byId('alarm-count'), store, beeper, pick);
  const responders = new RespondersView(byId('responders'), byId('responder-count'), byId('responder-more'), store, pick);
  const capacity = new CapacityWarning(byId('capacity-warning'), store);
  const silences = new SilenceBanner(byId('silence-banner'), store);
  const ranking = new RankingView(byId('ranking'), store);
  const league = scope === 'county' ? new LeagueTable(byId('league'), store, openTownship) : null;
  document.body.classList.toggle('county', scope === 'county');
  byId('league-panel').hidden = scope !== 'county';
  byId('ranking-panel').hidden = scope === 'county';
  const emergency = new EmergencyView(byId('emergency-slot'), store);
  const chart = new HistoryChart(byId('chart'), byId('chart-tabs'));
  const modeSwitch = me.role === 'county' || me.role === 'township' ? new ModeSwitch(byId<HTMLButtonElement>('mode-button'), store) : null;
  let lastRanking = 0;
  // lamps are recoloured at most four times a second: a burst then costs a few paints, not one per batch
  const pendingLamps = new Set<string>();
  let lastMapUpdate = 0;
  let mapTimer = 0;
  let rankingDirty = false;

  // for the dashboard benchmark: the page's own renders of 50 ms or more (window.gdRenders), and how many and how long in all
  const longRenders: number[] = [];
  const renderTotals = { count: 0, ms: 0 };
  Object.assign(window, { gdRenders: longRenders, gdRenderTotals: renderTotals });

  function render(): void {
    const started = performance.now();
    try {
      renderChanges();
    } finally {
      const ms = performance.now() - started;
      if (ms >= 50 && longRenders.length < 1000) longRenders.push(ms);
      renderTotals.count++;
      renderTotals.ms += ms;
    }
  }

  function renderChanges(): void {
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    frame = 0;
    fallback = 0;
    const changes = store.takeChanges();
    if (!store.hasSnapshot) return;
    if (changes.snapshot) {
      const title = commandCentreTitle(store.scope, store.name);
      setText(byId('title'), title);
      document.title = `${title} · 网格吹哨指挥调度平台`;
      for (const t of store.townships) names.set(t.id, t.name);
      if (scope !== 'county') names.set(store.scope, store.name);
      map.rebuild();
      chart.setTownships(store.townshipIds().map((id) => ({ id, name: store.townshipName(id) })));
    }
    if (changes.snapshot) pendingLamps.clear();
    for (const id of changes.lamps) pendingLamps.add(id);
    if (pendingLamps.size > 0) {
      const wait = lastMapUpdate + MAP_INTERVAL_MS - performance.now();
      if (wait <= 0) {
        const left = map.updateLamps(pendingLamps, LAMP_BUDGET_MS);
        pendingLamps.clear();
        for (const id of left) pendingLamps.add(id);
        lastMapUpdate = performance.now();
      }
      if (pendingLamps.size > 0 && !mapTimer) {
        mapTimer = window.setTimeout(() => {
          mapTimer = 0;
          schedule();
        }, Math.max(wait, MAP_INTERVAL_MS));
      }
    }
    if (changes.snapshot || changes.responders || changes.incidents.size > 0) capacity.update();
    if (changes.snapshot || changes.silences) silences.update();
    if (changes.snapshot || changes.responders) {
      responders.update();
      if (!changes.snapshot) map.updateResponders();
    }
    if (changes.snapshot || changes.incidents.size > 0) map.updateIncidentCounts();
    kpis.update(changes);
    board.update(changes);
    if (drawer.openId && changes.incidents.has(drawer.openId)) void drawer.refresh();
    if (lampDrawer.openId && (changes.snapshot || changes.lamps.has(lampDrawer.openId))) lampDrawer.lampChanged();
    feed.update(changes);
    if (changes.snapshot || changes.mode) {
      emergency.update();
      modeSwitch?.update();
    }
    if (changes.snapshot || changes.incidents.size > 0 || changes.summary || changes.responders) rankingDirty = true;
    const now = performance.now();
    if (rankingDirty && (changes.snapshot || now - lastRanking > 2000)) {
      if (league) league.update();
      else ranking.update();
      rankingDirty = false;
      lastRanking = now;
    }
    // ready once the first snapshot is on screen, its lamps drawn on the map (onDrawn renders again)
    if (!map.building && document.body.dataset.ready !== 'true') document.body.dataset.ready = 'true';
  }

  // --- header: clock, connection, sound -------------------------------------------------------------
  const clock = byId('clock');
  const date = byId('date');
  const tick = () => {
    const now = serverNow();
    setText(clock, formatClock(now));
    setText(date, formatDate(now));
    board.tick();
    capacity.update();
    if (store.hasSnapshot) {
      kpis.update(noChanges());
      if (rankingDirty && performance.now() - lastRanking > 2000) schedule();
    }
  };
  tick();
  window.setInterval(tick, 1000);

  const connection = byId('connection');
  const setState = (state: ConnectionState) => {
    setText(connection, connectionLabels[state]);
    setAttr(connection, 'data-state', state);
  };

  const sound = byId<HTMLButtonElement>('sound');
  sound.addEventListener('click', async () => {
    if (beeper.enabled) beeper.disable();
    else await beeper.enable();
    setText(sound, beeper.enabled ? '关闭声音' : '开启声音');
    sound.setAttribute('aria-pressed', String(beeper.enabled));
  });

  // --- the hub ------------------------------------------------------------------------------------
  const live = new LiveConnection<Snapshot>({
    deltas: {
      summary: (b) => store.applySummary(b as Summary[]),
      lampChanged: (b) => store.applyLamps(b as Lamp[]),
      alarmRaised: (b) => store.applyAlarmsRaised(b as AlarmItem[]),
      alarmCleared: (b) => store.applyAlarmsCleared(b as AlarmItem[]),
      incidentChanged: (b) => store.applyIncidents(b as Incident[]),
      incidentEscalated: (b) => store.applyEscalations(b as IncidentEscalation[]),
      responderChanged: (b) => store.applyResponders(b as Responder[]),
      modeChanged: (b) => store.applyModes(b as Mode[]),
      silenceChanged: (b) => store.applySilences(b as Silence[]),
      lampCommand: (b) => lampDrawer.applyCommands(b as LampCommandItem[]),
    },
    subscribe: (c) => c.invoke<Snapshot>('Watch', scope),
    onSnapshot: (s) => {
      map.snapshotArrived();
      store.applySnapshot(s);
      map.snapshotStored();
    },
    onState: setState,
    onFatal: (message) => {
      setState('disconnected');
      showFatal(message);
    },
  });
  await live.start();
}

main().catch((e) => {
  if (e instanceof LoginRedirect) return;
  console.error(e);
  showFatal(e instanceof Error ? e.message : String(e));
});

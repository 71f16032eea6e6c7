// The SignalR connection to /hubs/command-centre, shared by the command centre (Watch) and the
// responders' page (WatchWork). It reconnects forever (a wall screen is never touched), and after
// every (re)connect it subscribes again and hands over a fresh snapshot that replaces the page's
// state. Deltas that arrive while a subscription call is pending are held back and applied after
// its snapshot, so nothing newer than the snapshot is lost.
import {
  HttpError, HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection, type IRetryPolicy, type RetryContext,
} from '@microsoft/signalr';
import type { ConnectionState } from './labels';
import { getToken, redirectToLogin, LoginRedirect } from './token';

export const HUB_URL = '/hubs/command-centre';

type Batch = unknown[];

export interface LiveOptions<S> {
  /** The delta messages to listen to, each receiving one batch (an array). */
  deltas: Record<string, (batch: Batch) => void>;
  /** Calls the hub's subscription method (Watch / WatchWork) and returns its snapshot. */
  subscribe: (connection: HubConnection) => Promise<S>;
  onSnapshot: (snapshot: S) => void;
  onState: (state: ConnectionState) => void;
  /** A refusal that retrying will not fix (e.g. "forbidden:"). */
  onFatal: (message: string) => void;
}

function isUnauthorized(error: unknown): boolean {
  if (error instanceof HttpError && error.statusCode === 401) return true;
  return error instanceof Error && /status code '?401'?/i.test(error.message);
}

function isForbidden(error: unknown): boolean {
  return error instanceof Error && /forbidden:/i.test(error.message);
}

/** 0, 1, 2, 4, 8, then every 15 s, forever; a 401 stops (the token is gone: log in again). */
const retryForever: IRetryPolicy = {
  nextRetryDelayInMilliseconds(context: RetryContext): number | null {
    if (isUnauthorized(context.retryReason)) return null;
    if (context.previousRetryCount === 0) return 0;
    return Math.min(1000 * 2 ** (context.previousRetryCount - 1), 15000);
  },
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class LiveConnection<S> {
  readonly connection: HubConnection;
  private pending: { name: string; batch: Batch }[] | null = null;
  private stopped = false;
  private fatal = false;
  private generation = 0;

  constructor(private readonly options: LiveOptions<S>) {
    this.connection = new HubConnectionBuilder()
      .withUrl(HUB_URL, { accessTokenFactory: () => getToken() ?? '' })
      .withAutomaticReconnect(retryForever)
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.serverTimeoutInMilliseconds = 60000;
    for (const [name, handler] of Object.entries(options.deltas)) {
      this.connection.on(name, (batch: unknown) => {
        const items = Array.isArray(batch) ? batch : [batch];
        if (this.pending) this.pending.push({ name, batch: items });
        else this.dispatch(handler, items);
      });
    }
    // The cluster's silos changed: what the live feed missed meanwhile is in a fresh snapshot.
    this.connection.on('clusterChanged', () => void this.resubscribe());
    this.connection.onreconnecting(() => options.onState('reconnecting'));
    this.connection.onreconnected(() => {
      options.onState('connected');
      void this.resubscribe();
    });
    this.connection.onclose((error) => {
      if (this.stopped || this.fatal) return;
      if (isUnauthorized(error)) {
        this.toLogin();
        return;
      }
      options.onState('reconnecting');
      void this.startLoop();
    });
  }

  start(): Promise<void> {
    this.options.onState('connecting');
    return this.startLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.connection.stop();
  }

  private toLogin(): void {
    try {
      redirectToLogin();
    } catch (e) {
      if (!(e instanceof LoginRedirect)) throw e;
    }
  }

  private dispatch(handler: (batch: Batch) => void, batch: Batch): void {
    try {
      handler(batch);
    } catch (e) {
      console.error('delta handler failed', e);
    }
  }

  private async startLoop(): Promise<void> {
    for (let attempt = 0; !this.stopped && !this.fatal; attempt++) {
      if (!getToken()) {
        this.toLogin();
        return;
      }
      try {
        if (this.connection.state === HubConnectionState.Disconnected) await this.connection.start();
        if (this.connection.state !== HubConnectionState.Connected) {
          await sleep(1000);
          continue;
        }
        this.options.onState('connected');
        await this.resubscribe();
        return;
      } catch (e) {
        if (isUnauthorized(e)) {
          this.toLogin();
          return;
        }
        this.options.onState('reconnecting');
        await sleep(Math.min(1000 * 2 ** attempt, 15000));
      }
    }
  }

  /** Subscribes (again) and replaces the page's state with the snapshot; retries on failure. */
  private async resubscribe(): Promise<void> {
    const generation = ++this.generation;
    for (let attempt = 0; ; attempt++) {
      if (this.stopped || this.fatal || generation !== this.generation) return;
      if (this.connection.state !== HubConnectionState.Connected) return; // onreconnected will call again
      this.pending = [];
      try {
        const snapshot = await this.options.subscribe(this.connection);
        if (generation !== this.generation) return;
        const held = this.pending;
        this.pending = null;
        this.options.onSnapshot(snapshot);
        for (const { name, batch } of held) {
          const handler = this.options.deltas[name];
          if (handler) this.dispatch(handler, batch);
        }
        return;
      } catch (e) {
        this.pending = null;
        if (isUnauthorized(e)) {
          this.toLogin();
          return;
        }
        if (isForbidden(e)) {
          this.fatal = true;
          this.options.onFatal(e instanceof Error ? e.message : String(e));
          return;
        }
        console.warn('subscription failed, retrying', e);
        await sleep(Math.min(1000 * 2 ** attempt, 15000));
      }
    }
  }
}

// MQTT.js (npm `mqtt`) against the embedded broker, for the interop tests.
// Usage: node mqtt-client.mjs <mqtt://host:port> <scenario> [json-args]; prints one JSON line.
import mqtt from 'mqtt';

const [url, scenario, json] = process.argv.slice(2);
const args = json ? JSON.parse(json) : {};
const done = (result) => { console.log(JSON.stringify(result)); process.exit(0); };
setTimeout(() => done({ ok: false, error: 'timeout' }), 15000);

const connect = (username, options = {}) => new Promise((resolve, reject) => {
  const client = mqtt.connect(url, { username, password: options.password ?? 'demo', protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, ...options });
  client.once('connect', () => resolve(client));
  client.once('error', reject);
});
const subscribe = (client, filter) => new Promise((resolve, reject) =>
  client.subscribe(filter, { qos: 1 }, (error, granted) => (error ? reject(error) : resolve(granted))));
// MQTT.js reports a refused subscription (SUBACK 0x80) as an error: record it as the code 128.
const trySubscribe = (client, filter) => new Promise((resolve) =>
  client.subscribe(filter, { qos: 1 }, (error, granted) => resolve(error ? 128 : granted[0].qos)));
const publish = (client, topic, message, options) => new Promise((resolve, reject) =>
  client.publish(topic, message, { qos: 1, ...options }, (error) => (error ? reject(error) : resolve())));
const delay = (ms) => new Promise((r) => setTimeout(r, ms));

const scenarios = {
  // Wrong password: the broker refuses at CONNECT.
  async refused() {
    try { await connect(args.lamp, { password: 'guess' }); return { ok: false, error: 'connected' }; }
    catch (error) { return { ok: true, code: error.code }; }
  },

  // A lamp may not subscribe to everything, nor hear another lamp's commands.
  async acl() {
    const lamp = await connect(args.lamp, { clientId: `${args.lamp}-acl` });
    const granted = [];
    for (const filter of ['gd/#', `gd/yimen/lamp/${args.other}/cmd`, `gd/yimen/lamp/${args.lamp}/cmd`]) granted.push(await trySubscribe(lamp, filter));
    lamp.end(true);
    return { ok: true, granted };
  },

  // QoS 1 telemetry: the PUBACK arrives once the grain accepted it.
  async qos1() {
    const lamp = await connect(args.lamp, { clientId: `${args.lamp}-q1` });
    await publish(lamp, `gd/yimen/lamp/${args.lamp}/telemetry`, JSON.stringify({ ts: Date.now(), on: true, voltage: 221, current: 0.4, tilt: 22 }));
    lamp.end(true);
    return { ok: true };
  },

  // Wildcards, retained messages and the will: the command centre watches lamps' status.
  async will() {
    const heard = [];
    const watcher = await connect('admin', { clientId: 'admin-watch' });
    watcher.on('message', (topic, payload, packet) => heard.push({ topic, payload: payload.toString(), retain: packet.retain }));
    await subscribe(watcher, 'gd/+/lamp/+/status');
    const status = `gd/yimen/lamp/${args.lamp}/status`;
    const lamp = await connect(args.lamp, { clientId: `${args.lamp}-will`, will: { topic: status, payload: 'offline', qos: 1, retain: true } });
    await publish(lamp, status, 'online', { retain: true });
    await delay(300);
    const late = await connect('admin', { clientId: 'admin-late' });
    const retained = [];
    late.on('message', (topic, payload, packet) => retained.push({ topic, payload: payload.toString(), retain: packet.retain }));
    await subscribe(late, status);
    await delay(300);
    lamp.stream.destroy(); // vanish without DISCONNECT: the broker publishes the will
    await delay(1500);
    watcher.end(true); late.end(true);
    return { ok: true, heard, retained };
  },
};

scenarios[scenario]().then(done, (error) => done({ ok: false, error: String(error) }));

// A stock gRPC client (@grpc/grpc-js + @grpc/proto-loader) for the interop tests.
// Usage: node grpc-client.mjs <host:port> <token|-> <call> [json-args]
// Prints one JSON line: {"ok":true,"reply":…} or {"ok":false,"code":<grpc status code>,"details":"…"}.
import grpc from '@grpc/grpc-js';
import loader from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const protoPath = path.join(here, '..', '..', 'gateway', 'Grpc', 'Protos', 'griddispatch.proto');
const definition = loader.loadSync(protoPath, { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
const v1 = grpc.loadPackageDefinition(definition).griddispatch.v1;

const [address, token, call, json] = process.argv.slice(2);
const args = json ? JSON.parse(json) : {};
// bytes fields travel through JSON as base64
if (args.request?.photo?.data) args.request.photo.data = Buffer.from(args.request.photo.data, 'base64');
for (const photo of args.request?.photos ?? []) photo.data = Buffer.from(photo.data, 'base64');
const credentials = grpc.credentials.createInsecure();
const clients = {
  whistle: new v1.Whistle(address, credentials),
  responders: new v1.Responders(address, credentials),
  incidents: new v1.Incidents(address, credentials),
};
const metadata = new grpc.Metadata();
if (token !== '-') metadata.add('authorization', `Bearer ${token}`);

const done = (result) => { console.log(JSON.stringify(result)); process.exit(0); };
const fail = (error) => done({ ok: false, code: error.code, details: error.details });
const options = () => (args.deadlineMs ? { deadline: Date.now() + args.deadlineMs } : {});

const unary = {
  blow: [clients.whistle, 'blow'],
  updateStatus: [clients.responders, 'updateStatus'],
  acknowledge: [clients.responders, 'acknowledge'],
  arrive: [clients.responders, 'arrive'],
  resolve: [clients.responders, 'resolve'],
  decline: [clients.responders, 'decline'],
  setDuty: [clients.responders, 'setDuty'],
  reportPosition: [clients.responders, 'reportPosition'],
  get: [clients.incidents, 'get'],
};

if (unary[call]) {
  const [client, method] = unary[call];
  client[method](args.request, metadata, options(), (error, reply) => (error ? fail(error) : done({ ok: true, reply })));
} else if (call === 'subscribe' || call === 'watch') {
  // Reads the stream until a message matches (then cancels it from the client side), or the stream ends or fails.
  const stream = call === 'subscribe'
    ? clients.responders.subscribe(args.request, metadata, options())
    : clients.incidents.watch(args.request, metadata, options());
  const seen = [];
  stream.on('data', (message) => {
    seen.push(message);
    const text = JSON.stringify(message);
    if (args.until && text.includes(args.until)) { stream.cancel(); done({ ok: true, reply: seen }); }
  });
  stream.on('error', (error) => (error.code === grpc.status.CANCELLED ? done({ ok: true, reply: seen }) : fail(error)));
  stream.on('end', () => done({ ok: true, reply: seen }));
} else {
  done({ ok: false, code: -1, details: `unknown call ${call}` });
}

// The send / ack / replay path with the official socket.io-client under Node and the browser's chat-core.js.
// Usage: node chat-check.mjs BASE_URL SENDER_COOKIE RECEIVER_COOKIE CONVERSATION COUNT
// Prints one JSON line: what each side saw.
import { createRequire } from "node:module";
import { io } from "socket.io-client";

const require = createRequire(import.meta.url);
const { createChat } = require("../../app/static/js/chat-core.js");
const [base, senderCookie, receiverCookie, conversation, countText] = process.argv.slice(2);
const count = Number(countText);

function connect(cookie) {
  return io(base + "/chat", { transports: ["websocket"], extraHeaders: { Cookie: cookie }, reconnection: true,
    reconnectionDelay: 50, reconnectionDelayMax: 200 });
}

const senderSocket = connect(senderCookie);
const receiverSocket = connect(receiverCookie);
const received = [];
const acks = [];
const sender = createChat(senderSocket, { onAck: (id, answer) => acks.push(answer.seq) });
createChat(receiverSocket, { onMessage: (m) => received.push(m.seq) });

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
await new Promise((resolve) => senderSocket.on("connect", resolve));
await new Promise((resolve) => (receiverSocket.connected ? resolve() : receiverSocket.on("connect", resolve)));

for (let n = 0; n < count; n += 1) {
  sender.send(conversation, `node message ${n}`);
  if (n === Math.floor(count / 3)) { receiverSocket.disconnect(); }
  if (n === Math.floor((2 * count) / 3)) { receiverSocket.connect(); }
  await wait(5);
}
const deadline = Date.now() + 15000;
while ((acks.length < count || received.length < count) && Date.now() < deadline) { await wait(20); }
console.log(JSON.stringify({ acks, received, pending: Object.keys(sender.pending()).length }));
senderSocket.close();
receiverSocket.close();

// Many participants of one meeting room with the official socket.io-client under Node (what browsers run),
// for bench/sockets.py: one event loop holds them all, as 200 browsers would each hold one.
// Usage: node room-listeners.mjs BASE_URL EVENT_ID < cookies (one Cookie header a line)
// Prints "ready N" once every socket joined; each `said` line's body starts with the sender's epoch ms and
// "|". On SIGTERM prints one JSON line {deliveries, latencies} (milliseconds from saying to receiving).
import { readFileSync } from "node:fs";
import { io } from "socket.io-client";

const [base, room] = process.argv.slice(2);
const cookies = readFileSync(0, "utf8").split("\n").filter(Boolean);
const latencies = [];

function join(cookie) {
  return new Promise((resolve, reject) => {
    const socket = io(base + "/rooms", { transports: ["websocket"], extraHeaders: { Cookie: cookie }, reconnection: false });
    socket.on("said", (line) => latencies.push(Date.now() - Number(line.body.split("|", 1)[0])));
    socket.on("connect_error", reject);
    socket.on("connect", () => socket.emit("join", { room }, (answer) => (answer.ok ? resolve(socket) : reject(answer))));
  });
}

const sockets = [];
for (let start = 0; start < cookies.length; start += 20) {  // 20 at a time
  sockets.push(...(await Promise.all(cookies.slice(start, start + 20).map(join))));
}
console.log(`ready ${sockets.length}`);
process.on("SIGTERM", () => {
  sockets.forEach((socket) => socket.close());
  // exit once the whole line is written: a pipe takes 64 KiB at a time
  process.stdout.write(JSON.stringify({ deliveries: latencies.length, latencies }) + "\n", () => process.exit(0));
});

// Whether the server can listen where it was told, asked before it starts anything: the port
// is taken only at the end of the start (scripts/app-server.mjs), after the database was opened
// and migrated and the background jobs started, and a port held by another program then ended
// the process with Node's stack trace.
import net from "node:net";

/** Why listening failed, as a sentence for whoever ran `npm start`; null for other errors. */
export function listenErrorMessage(err, port, hostname) {
  const where = hostname ? `${hostname} port ${port}` : `Port ${port}`;
  switch (err?.code) {
    case "EADDRINUSE":
      return (
        `${where} is already in use by another program (another Hexiao, or another server). ` +
        `Stop it, or start on a free port: PORT=${port + 1} npm start`
      );
    case "EACCES":
      return (
        `${where} needs administrator rights (ports below 1024). Start on a port from 1024 ` +
        `(PORT=3000 npm start) with a reverse proxy in front for ports 80 and 443.`
      );
    case "EADDRNOTAVAIL":
      return `${hostname} is not an address of this machine: leave -H out to listen on every one.`;
    default:
      return null;
  }
}

/** Listens where the server will, then lets go: the sentence why it cannot, else null. */
export function listenProblem(port, hostname) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (err) =>
      resolve(listenErrorMessage(err, port, hostname) ?? `Cannot listen on port ${port}: ${err}`),
    );
    probe.listen(port, hostname, () => probe.close(() => resolve(null)));
  });
}

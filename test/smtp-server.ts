import { createServer, type Socket } from "node:net";

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent: headers, blank line, encoded body. */
  data: string;
}

/** The text body of a received message, its transfer encoding undone (quoted-printable or base64). */
export function bodyText(mail: ReceivedMail): string {
  const split = mail.data.indexOf("\n\n");
  const headers = mail.data.slice(0, split);
  const body = mail.data.slice(split + 2);
  if (/Content-Transfer-Encoding: base64/i.test(headers))
    return Buffer.from(body.replace(/\s/g, ""), "base64").toString("utf8");
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    const bytes = body
      .replace(/=\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

/**
 * A small real SMTP server on 127.0.0.1 for tests: it speaks enough of RFC 5321 for
 * nodemailer (EHLO, MAIL, RCPT, DATA with dot-unstuffing, RSET, QUIT), keeps what it
 * accepted, and refuses the next messages with a chosen reply when told to — so tests
 * exercise the real transport, its errors and our retries.
 */
export async function startTestSmtpServer() {
  const received: ReceivedMail[] = [];
  const refusals: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.setEncoding("utf8");
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = "";
    let inData = false;
    let mail: ReceivedMail = { from: "", to: [], data: "" };
    reply("220 test.local ESMTP");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line !== ".") {
            mail.data += `${line.startsWith("..") ? line.slice(1) : line}\n`;
            continue;
          }
          inData = false;
          const refusal = refusals.shift();
          if (refusal) reply(refusal);
          else {
            received.push(mail);
            reply("250 2.0.0 Ok: queued");
          }
          mail = { from: "", to: [], data: "" };
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 test.local");
        else if (verb === "MAIL") {
          mail.from = line.slice(10).replace(/[<>]/g, "").trim();
          reply("250 2.1.0 Ok");
        } else if (verb === "RCPT") {
          mail.to.push(line.slice(8).replace(/[<>]/g, "").trim());
          reply("250 2.1.5 Ok");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "RSET" || verb === "NOOP") reply("250 2.0.0 Ok");
        else if (verb === "QUIT") {
          reply("221 2.0.0 Bye");
          socket.end();
        } else reply("502 5.5.2 Command not recognized");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The next `count` messages are refused with `reply` (e.g. "451 4.3.0 Try again later"). */
    refuseNext(count: number, reply: string) {
      for (let i = 0; i < count; i++) refusals.push(reply);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

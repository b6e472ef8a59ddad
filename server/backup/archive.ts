import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from "node:crypto";
import { BackupRefused } from "./backup-refused";

/**
 * The archive's outer layer, around the gzip stream of its content: a header, then frames of
 * at most 64 KiB. A plain archive seals each frame with a SHA-256; an encrypted one with
 * AES-256-GCM under a key derived from the passphrase by scrypt (random salt). Each frame's
 * seal covers the header, its index and whether it is the last, so a changed byte, a frame
 * moved or dropped, or a file cut short (no last frame) is refused before any of it is used.
 * The nonce is the header's random prefix, the frame index and the last-frame flag: the STREAM
 * construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015), as in Tink's streaming AEAD.
 *
 *   header: "HEXIAOBK" · version (1) · mode (0 plain, 1 encrypted)
 *           [encrypted: salt (16) · log2 N, r, p (1 each) · nonce prefix (7) · key check (16)]
 *   frame:  length (u32 BE) · last (1) · payload · seal (plain: 32, encrypted: 16)
 */
const magic = Buffer.from("HEXIAOBK", "latin1");
const formatVersion = 1;
const frameSize = 64 * 1024;
const scryptParams = { logN: 15, r: 8, p: 1 };
const tagLength = 16;
const checksumLength = 32;

interface Sealer {
  header: Buffer;
  seal: (index: number, last: boolean, payload: Buffer) => { body: Buffer; seal: Buffer };
  open: (index: number, last: boolean, body: Buffer, seal: Buffer) => Buffer;
  sealLength: number;
}

function deriveKey(
  passphrase: string,
  salt: Buffer,
  params: { logN: number; r: number; p: number },
): Promise<{ key: Buffer; check: Buffer }> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase.normalize("NFC"),
      salt,
      64,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r },
      (err, derived) => {
        if (err) return reject(err);
        // Half the output keys the cipher; a hash of the other half tells a wrong passphrase
        // apart from a damaged file, without revealing anything about the key.
        resolve({
          key: derived.subarray(0, 32),
          check: createHash("sha256").update(derived.subarray(32)).digest().subarray(0, 16),
        });
      },
    ),
  );
}

function frameIndexBytes(index: number, last: boolean): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt32BE(index);
  b.writeUInt8(last ? 1 : 0, 4);
  return b;
}

function plainSealer(header: Buffer): Sealer {
  const checksum = (index: number, last: boolean, payload: Buffer) =>
    createHash("sha256")
      .update(header)
      .update(frameIndexBytes(index, last))
      .update(payload)
      .digest();
  return {
    header,
    sealLength: checksumLength,
    seal: (index, last, payload) => ({ body: payload, seal: checksum(index, last, payload) }),
    open: (index, last, body, seal) => {
      if (!timingSafeEqual(checksum(index, last, body), seal)) throw corrupted();
      return body;
    },
  };
}

function encryptedSealer(header: Buffer, key: Buffer, noncePrefix: Buffer): Sealer {
  const nonce = (index: number, last: boolean) =>
    Buffer.concat([noncePrefix, frameIndexBytes(index, last)]);
  return {
    header,
    sealLength: tagLength,
    seal: (index, last, payload) => {
      const cipher = createCipheriv("aes-256-gcm", key, nonce(index, last)).setAAD(header);
      const body = Buffer.concat([cipher.update(payload), cipher.final()]);
      return { body, seal: cipher.getAuthTag() };
    },
    open: (index, last, body, seal) => {
      const decipher = createDecipheriv("aes-256-gcm", key, nonce(index, last)).setAAD(header);
      decipher.setAuthTag(seal);
      try {
        return Buffer.concat([decipher.update(body), decipher.final()]);
      } catch {
        throw corrupted();
      }
    },
  };
}

async function newSealer(passphrase: string | undefined): Promise<Sealer> {
  if (!passphrase) {
    return plainSealer(Buffer.concat([magic, Buffer.from([formatVersion, 0])]));
  }
  const salt = randomBytes(16);
  const noncePrefix = randomBytes(7);
  const { key, check } = await deriveKey(passphrase, salt, scryptParams);
  const header = Buffer.concat([
    magic,
    Buffer.from([formatVersion, 1]),
    salt,
    Buffer.from([scryptParams.logN, scryptParams.r, scryptParams.p]),
    noncePrefix,
    check,
  ]);
  return encryptedSealer(header, key, noncePrefix);
}

const corrupted = () =>
  new BackupRefused(
    "corrupted",
    "The backup file is damaged (a checksum does not match): it was changed or not copied whole.",
  );
const truncated = () =>
  new BackupRefused(
    "truncated",
    "The backup file is incomplete: it ends before its last part (an interrupted download or copy?).",
  );

/** Seals a stream of bytes (the gzip stream) into the archive's header and frames. */
export async function* sealArchive(
  content: AsyncIterable<Buffer>,
  passphrase: string | undefined,
): AsyncGenerator<Buffer> {
  const sealer = await newSealer(passphrase);
  yield sealer.header;
  let index = 0;
  const frame = (payload: Buffer, last: boolean) => {
    const { body, seal } = sealer.seal(index++, last, payload);
    const head = Buffer.alloc(5);
    head.writeUInt32BE(body.length);
    head.writeUInt8(last ? 1 : 0, 4);
    return Buffer.concat([head, body, seal]);
  };
  let pending: Buffer[] = [];
  let pendingLength = 0;
  for await (const chunk of content) {
    pending.push(chunk);
    pendingLength += chunk.length;
    while (pendingLength >= frameSize) {
      const all = Buffer.concat(pending);
      yield frame(all.subarray(0, frameSize), false);
      pending = [all.subarray(frameSize)];
      pendingLength = all.length - frameSize;
    }
  }
  yield frame(Buffer.concat(pending), true);
}

/** Reads exactly what the archive's reader asks for from a byte stream. */
class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  private done = false;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** `n` bytes, or fewer only when the stream ended first. */
  async take(n: number): Promise<Buffer> {
    while (this.length < n && !this.done) {
      const next = await this.source.next();
      if (next.done) this.done = true;
      else {
        this.buffered.push(next.value);
        this.length += next.value.length;
      }
    }
    const all = Buffer.concat(this.buffered);
    const taken = all.subarray(0, n);
    this.buffered = [all.subarray(taken.length)];
    this.length = all.length - taken.length;
    return taken;
  }

  async atEnd(): Promise<boolean> {
    return (await this.take(1)).length === 0;
  }
}

async function readSealer(reader: ByteReader, passphrase: string | undefined): Promise<Sealer> {
  const start = await reader.take(magic.length + 2);
  if (start.length < magic.length + 2 || !start.subarray(0, magic.length).equals(magic)) {
    throw new BackupRefused("not_a_backup", "This file is not a Hexiao backup.");
  }
  const version = start.readUInt8(magic.length);
  if (version !== formatVersion) {
    throw new BackupRefused(
      "newer_format",
      `This backup was written in format ${version}, which this version of Hexiao cannot read: update Hexiao first.`,
    );
  }
  const mode = start.readUInt8(magic.length + 1);
  if (mode === 0) return plainSealer(start);
  if (mode !== 1) throw corrupted();
  const rest = await reader.take(16 + 3 + 7 + 16);
  if (rest.length < 16 + 3 + 7 + 16) throw truncated();
  if (!passphrase) {
    throw new BackupRefused(
      "passphrase_required",
      "This backup is encrypted: give its passphrase.",
    );
  }
  const salt = rest.subarray(0, 16);
  const [logN = 0, r = 0, p = 0] = rest.subarray(16, 19);
  // Parameters far above ours would be a damaged header (or a file made to exhaust memory).
  if (logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) throw corrupted();
  const noncePrefix = rest.subarray(19, 26);
  const { key, check } = await deriveKey(passphrase, salt, { logN, r, p });
  if (!timingSafeEqual(check, rest.subarray(26, 42))) {
    throw new BackupRefused("wrong_passphrase", "The passphrase is wrong for this backup.");
  }
  return encryptedSealer(Buffer.concat([start, rest]), key, noncePrefix);
}

/**
 * Opens an archive's frames and yields their content (the gzip stream), each frame only once
 * its seal holds; throws BackupRefused for anything damaged, cut short or unreadable.
 */
export async function* openArchive(
  source: AsyncIterable<Buffer>,
  passphrase: string | undefined,
): AsyncGenerator<Buffer> {
  const reader = new ByteReader(source[Symbol.asyncIterator]());
  const sealer = await readSealer(reader, passphrase);
  for (let index = 0; ; index++) {
    const head = await reader.take(5);
    if (head.length < 5) throw truncated();
    const length = head.readUInt32BE(0);
    const last = head.readUInt8(4);
    // A frame holds at most 64 KiB (gcm and the checksum add nothing to the body).
    if (length > frameSize || last > 1) throw corrupted();
    const body = await reader.take(length);
    const seal = await reader.take(sealer.sealLength);
    if (body.length < length || seal.length < sealer.sealLength) throw truncated();
    yield sealer.open(index, last === 1, body, seal);
    if (last === 1) {
      if (!(await reader.atEnd())) throw corrupted();
      return;
    }
  }
}

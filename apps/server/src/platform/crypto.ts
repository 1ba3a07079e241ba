import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Encrypts and decrypts personal data (AES-256-GCM), and makes keyed hashes for exact look-up. */
export interface Vault {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** HMAC-SHA-256 of the normalised value: equal inputs give equal hashes, the value cannot be read back. */
  hash(plain: string): string;
}

const VERSION = "v1";

/**
 * Random bytes taken in blocks (IVs, ids): one call into the system for every few hundred values. A block is never
 * refilled in place, so the bytes handed out are never handed out again.
 */
let randomPool = Buffer.alloc(0);
let randomAt = 0;
function pooledRandom(n: number): Buffer {
  if (randomAt + n > randomPool.length) {
    randomPool = randomBytes(4096);
    randomAt = 0;
  }
  randomAt += n;
  return randomPool.subarray(randomAt - n, randomAt);
}

/** Builds a vault from a 32-byte key. The hashing key is derived from it so one secret is enough. */
export function createVault(key: Buffer): Vault {
  if (key.length !== 32) throw new Error("The personal-data key must be 32 bytes (base64-encoded in GONGZHI_DATA_KEY)");
  const hmacKey = createHmac("sha256", key).update("gongzhi/lookup-hash").digest();
  return {
    encrypt(plain) {
      const iv = pooledRandom(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64")}`;
    },
    decrypt(stored) {
      const [version, body] = stored.split(":", 2);
      if (version !== VERSION || !body) throw new Error("Unknown ciphertext format");
      const raw = Buffer.from(body, "base64");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    },
    hash(plain) {
      return createHmac("sha256", hmacKey).update(plain.trim().toUpperCase()).digest("base64url");
    },
  };
}

/**
 * Finds the personal-data key: GONGZHI_DATA_KEY when set; otherwise, in embedded mode, the key file
 * under the data directory, created with 0600 permissions on first start. A server database needs the
 * key from the environment, so that every process shares it.
 */
export function loadDataKey(opts: { envKey?: string; dataDir: string; embedded: boolean }): Buffer {
  if (opts.envKey) {
    const key = Buffer.from(opts.envKey, "base64");
    if (key.length !== 32) throw new Error("GONGZHI_DATA_KEY must be 32 bytes, base64-encoded");
    return key;
  }
  if (!opts.embedded) {
    throw new Error("GONGZHI_DATA_KEY is required with DATABASE_URL (32 random bytes, base64: `openssl rand -base64 32`)");
  }
  const file = join(opts.dataDir, "data.key");
  if (existsSync(file)) return Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  mkdirSync(opts.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString("base64"), { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** 138****5678: the first three and last four digits of a phone number. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return "*".repeat(phone.length);
  return `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** 150602********1234: the region prefix and last four characters of an ID number. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return "*".repeat(id.length);
  return `${id.slice(0, 6)}${"*".repeat(id.length - 10)}${id.slice(-4)}`;
}

/** An address down to its first few characters: the rest (building, door number) is hidden. */
export function maskAddress(address: string): string {
  const keep = Math.min(6, Math.floor(address.length / 2));
  return `${address.slice(0, keep)}****`;
}

/**
 * A UUID of version 7 (RFC 9562): 48 bits of the time in milliseconds, then random bits. Ids of rows written at a
 * high rate (cases) follow the order they were made in, so their indexes grow at one end instead of everywhere.
 */
export function uuidv7(now = Date.now()): string {
  const b = Buffer.allocUnsafe(16);
  b.writeUIntBE(now, 0, 6);
  pooledRandom(10).copy(b, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

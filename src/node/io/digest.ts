import { createHash } from "node:crypto";

/** SHA-256 of bytes, as lowercase hex: model bundles and checkpoints record one per file. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

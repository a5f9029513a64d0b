import * as crypto from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";

/** A loopback HTTP server that serves a small qcow2 image at any path, as a cloud image mirror would. */
export interface ImageServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Paths fetched (HEAD and GET), in order. */
  readonly requests: { readonly method: string; readonly path: string }[];
  /** The bytes served for a path (what a download must have written). */
  imageFor(path: string): Buffer;
  close(): Promise<void>;
}

/** Virtual size written into every served image's qcow2 header: what an imported disk starts as. */
export const SERVED_IMAGE_VIRTUAL_BYTES = 2 * 1024 ** 3;

/**
 * A valid qcow2 version 3 header (magic, version, cluster bits 16, virtual size) padded to 64 KiB
 * with bytes derived from the path, so each image has its own checksum.
 */
function qcow2Image(path: string): Buffer {
  const image = Buffer.alloc(64 * 1024);
  image.writeUInt32BE(0x514649fb, 0);
  image.writeUInt32BE(3, 4);
  image.writeUInt32BE(16, 20);
  image.writeBigUInt64BE(BigInt(SERVED_IMAGE_VIRTUAL_BYTES), 24);
  crypto.createHash("sha256").update(path).digest().copy(image, 512);
  return image;
}

/** Starts the image server on 127.0.0.1 (ephemeral port). */
export async function startImageServer(): Promise<ImageServer> {
  const requests: { method: string; path: string }[] = [];
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    requests.push({ method: request.method ?? "GET", path });
    const image = qcow2Image(path);
    response.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": image.length });
    response.end(request.method === "HEAD" ? undefined : image);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    imageFor: qcow2Image,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** A TLS key and self-signed certificate (PEM). */
export interface Certificate {
  readonly key: string;
  readonly cert: string;
  /** The certificate's file, for clients that take a CA bundle (`SSL_CERT_FILE`). */
  readonly certFile: string;
}

/**
 * A throwaway self-signed certificate for 127.0.0.1 and localhost (P-256, valid two days), made by
 * Debian's openssl into `dir`.
 */
export function selfSignedCertificate(dir: string): Certificate {
  const keyFile = path.join(dir, "api-key.pem");
  const certFile = path.join(dir, "api-cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "2",
      "-subj",
      "/CN=pve-simulator",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return { key: fs.readFileSync(keyFile, "utf8"), cert: fs.readFileSync(certFile, "utf8"), certFile };
}

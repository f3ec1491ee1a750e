// A CA and a server certificate it signs, made with openssl for one rehearsal: the loopback origin and the services
// beside the cluster (the secret backend) serve TLS under the host names the rendered output gives them, and the
// pods trust the CA as they would trust a corporate one.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runToEnd } from "./processes.ts";

export interface ServerCertificate {
  readonly ca: string;
  readonly key: string;
  readonly certificate: string;
}

/** Valid for two days, for the host names and the address; `name` names the files and the subjects. */
export async function serverCertificate(
  folder: string,
  name: string,
  hosts: readonly string[],
  address: string,
): Promise<ServerCertificate> {
  await mkdir(folder, { recursive: true });
  const openssl = async (args: readonly string[]) => {
    const result = await runToEnd("openssl", args, { cwd: folder });
    if (result.code !== 0) throw new Error(`openssl ${args[0]}: ${result.stderr.trim()}`);
  };
  // A P-256 key with, for the CA, a self-signed certificate, else a request for the CA to sign.
  const newKey = (file: string, subject: string, selfSigned: boolean) =>
    openssl([
      "req",
      ...(selfSigned ? ["-x509", "-days", "2"] : []),
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      `${file}.key`,
      "-out",
      selfSigned ? `${file}.crt` : `${file}.csr`,
      "-subj",
      subject,
    ]);
  await newKey("ca", `/CN=trellis rehearsal ${name} CA`, true);
  await newKey(name, `/CN=trellis rehearsal ${name}`, false);
  await writeFile(
    join(folder, `${name}.ext`),
    `subjectAltName=${[...hosts.map((host) => `DNS:${host}`), `IP:${address}`].join(",")}\nextendedKeyUsage=serverAuth\n`,
  );
  await openssl([
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    `${name}.crt`,
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
  ]);
  return {
    ca: await readFile(join(folder, "ca.crt"), "utf8"),
    key: await readFile(join(folder, `${name}.key`), "utf8"),
    certificate: await readFile(join(folder, `${name}.crt`), "utf8"),
  };
}

// The one credential detector, over real-world shapes: what it must find (and say how to fix) and what it must leave
// alone. Synth, check and the review all use it; the last cases check that each of them does.
import { describe, expect, it } from "vitest";
import { detectCredential, isCredentialName, URL_FIX } from "../../lib/credentials/detector.ts";
import { isCredentialName as declarationsName, looksLikeCredential } from "../../lib/declarations/credentials.ts";
import { diffObjects, MASKED } from "../../lib/review/object-diff.ts";

const PEM = [
  "-----BEGIN RSA PRIVATE KEY-----",
  "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
  "-----END RSA PRIVATE KEY-----",
].join("\n");

/** [field, value, what the finding says (a fragment), or null for no finding] */
const POSITIVES: readonly (readonly [string, unknown, string])[] = [
  ["url", "postgres://app:s3cr3t@db.internal:5432/orders?sslmode=require", "a password in a URL"],
  ["redisHost", "redis://:hunter2@redis-master.data.svc:6379/0", "a password in a URL"],
  ["brokers", "amqp://guest:guest@rabbitmq:5672/", "a password in a URL"],
  ["host", "mongodb+srv://admin:P%40ssw0rd@cluster0.example.net/test?retryWrites=true", "a password in a URL"],
  [
    "connectionString",
    "Server=tcp:sql.example.net,1433;Database=orders;User Id=app;Password=Winter2024!;Encrypt=true",
    "Password",
  ],
  ["dsn", "Data Source=db;Initial Catalog=orders;Uid=sa;Pwd=abc123;", "Pwd"],
  ["connectionString", "host=db.internal user=app password=hunter2 dbname=orders sslmode=require", "password"],
  [
    "storage",
    "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Zm9vYmFyYmF6cXV4cXV1eA==;EndpointSuffix=core.windows.net",
    "AccountKey",
  ],
  [
    "bus",
    "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=abcDEF123+/=",
    "SharedAccessKey",
  ],
  ["tls.key", PEM, "a private key"],
  [
    "id_ed25519",
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----",
    "a private key",
  ],
  ["key.pem", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg\n-----END EC PRIVATE KEY-----", "a private key"],
  ["GH_AUTH", "ghp_1A2b3C4d5E6f7G8h9I0jKlMnOpQrStUvWxYz", "a GitHub token"],
  [
    "note",
    "use github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEF for the mirror",
    "GitHub fine-grained token",
  ],
  ["AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS access key id"],
  ["webhook", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "a Slack token"],
  [
    "header",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "a JSON Web Token",
  ],
  ["Authorization", "Bearer abcdefghijklmnopqrstuvwxyz0123456789", "a bearer token"],
  ["mapsKey", "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "a Google API key"],
  ["privateKey", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", '"privateKey"'],
  ["private_key", "not-actually-random-but-still-a-key", '"private_key"'],
  ["clientSecret", "7Q~abc.def_ghi", '"clientSecret"'],
  ["token", "s.Xy12abcDEF", '"token"'],
  ["GITHUB_TOKEN", "abc", '"GITHUB_TOKEN"'],
  ["password", "hunter2", '"password"'],
  ["redisPassword", 1234, '"redisPassword"'],
  ["accessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 'a generated key in "accessKey"'],
  ["masterKey", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 'a generated key in "masterKey"'],
];

const NEGATIVES: readonly (readonly [string, unknown])[] = [
  ["url", "https://example.com/path?user=x"],
  ["redisHost", "redis://redis-master:6379"],
  ["url", "postgres://app:${DB_PASSWORD}@db:5432/orders"],
  ["contact", "platform@example.com"],
  ["repoURL", "https://git@github.com/acme/platform.git"],
  ["accessKey", ""],
  ["secretName", "payment-provider"],
  ["existingSecret", "redis-auth"],
  ["token", "{{ .Values.token }}"],
  ["automountServiceAccountToken", false],
  ["password", "<password>"],
  ["image", "ghcr.io/acme/api:1.0.0@sha256:9a1b6d3c0e7f4a2b8c5d1e6f3a9b7c4d2e8f1a5b6c3d9e7f2a4b8c1d5e6f3a9b"],
  ["checksum/config", "01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b"],
  ["ca.crt", "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----"],
  ["key.pub", "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----"],
  ["tokenPath", "/var/run/secrets/tokens/vault"],
  ["token", "/var/run/secrets/kubernetes.io/serviceaccount/token"],
  ["secret", "my-tls"],
  ["connectionString", "Server=db;Database=orders;Integrated Security=true;"],
  ["passwordSecretRef", { name: "db", key: "password" }],
  ["note", "ghp_short"],
  ["enableApiKey", "true"],
  ["secretKey", "password"], // an ExternalSecret's target key: a name, not a key

  ["description", "Rotate the password every 90 days"],
];

describe("the credential detector", () => {
  expect(POSITIVES.length + NEGATIVES.length).toBeGreaterThanOrEqual(25);

  it.each(
    POSITIVES.map(([field, value, what]) => [
      field,
      typeof value === "string" ? value.split("\n")[0] : value,
      what,
      value,
    ]),
  )("finds %s = %s (%s)", (field, _shown, what, value) => {
    const found = detectCredential(field as string, value);
    expect(found?.what).toContain(what);
    expect(found?.fix).toContain("secretKeyRef");
  });

  it.each(NEGATIVES.map(([field, value]) => [field, JSON.stringify(value), value]))(
    "leaves %s = %s alone",
    (field, _shown, value) => {
      expect(detectCredential(field as string, value)).toBeUndefined();
    },
  );

  it("tells a URL's credentials to go as user info, and secretKeyRef for the password", () => {
    expect(detectCredential("redisHost", "redis://:pw@redis:6379")?.fix).toBe(URL_FIX);
    expect(URL_FIX).toMatch(/drop the user info.*secretKeyRef/);
  });

  it("takes the fields a caller declares sensitive as its first source", () => {
    expect(detectCredential("saslUsername", "orders")).toBeUndefined();
    expect(detectCredential("saslUsername", "orders", { sensitive: (field) => field === "saslUsername" })?.what).toBe(
      'a literal value in the sensitive field "saslUsername"',
    );
    // A value that is a credential anyway says what it is.
    expect(detectCredential("dsn", "redis://:pw@r:6379", { sensitive: () => true })?.what).toBe("a password in a URL");
  });

  it("is what synth's declaration check and the review's masking use", () => {
    expect(declarationsName("saslPassword")).toBe(isCredentialName("saslPassword"));
    expect(looksLikeCredential("ghp_1A2b3C4d5E6f7G8h9I0jKlMnOpQrStUvWxYz")).toBe(true);
    expect(looksLikeCredential("Server=x;Pwd=abc;")).toBe(true);
    expect(looksLikeCredential("redis://redis:6379")).toBe(false);
    const changes = diffObjects(
      { spec: { env: [{ name: "GITHUB_TOKEN", value: "a" }], url: "https://x" } },
      { spec: { env: [{ name: "GITHUB_TOKEN", value: "b" }], url: "postgres://u:p@db/x" } },
      "Deployment",
    );
    expect(changes.map((change) => `${change.path} ${change.before} ${change.after}`)).toEqual([
      `spec.env[name=GITHUB_TOKEN].value ${MASKED} ${MASKED}`,
      `spec.url https://x ${MASKED}`,
    ]);
  });
});

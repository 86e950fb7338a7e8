/** How to reach the SMTP relay; every value comes from configuration. */
export interface SmtpEmailOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465). Otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  /** Refuse to send unless STARTTLS succeeds (a relay across a network). */
  requireTls?: boolean;
  auth?: { user: string; pass: string };
  /** Pooled connections (default true); false opens one connection per message (the benchmark's baseline). */
  pooled?: boolean;
  /** Open connections of the pool (default 5). */
  maxConnections?: number;
  /** Messages per connection before it is replaced (default 100). */
  maxMessages?: number;
  /** At most this many messages a second across the pool (the relay's limit); unlimited when unset. */
  rateLimitPerSecond?: number;
  /** Signs every message when set. The key is a PEM private key (RSA). */
  dkim?: { domainName: string; keySelector: string; privateKey: string };
  /** Extra trust for a relay with a private CA, or SNI name. */
  tls?: { ca?: string; servername?: string; rejectUnauthorized?: boolean };
  /** EHLO name; the machine's host name by default. */
  clientName?: string;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

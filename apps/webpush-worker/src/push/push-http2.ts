import http2, { type ClientHttp2Session } from 'node:http2';
import tls from 'node:tls';
import type { LookupFunction } from 'node:net';
import type { PushResponse } from './push-request';

const BODY_KEPT = 512;
/** Streams we open on one session at most, below what push services allow (FCM and autopush: 100+). */
const DEFAULT_MAX_STREAMS = 100;

export interface Http2PushOptions {
  ca?: string;
  /** Used for the TCP connection: refuses non-public addresses in production. */
  lookup?: LookupFunction;
  connectTimeoutMs: number;
}

/** What connecting to an origin found: an HTTP/2 session, or a push service that only speaks HTTP/1.1. */
export type Http2Connection = { session: ClientHttp2Session } | { http1: true };

/**
 * One HTTP/2 session per push-service origin (RFC 8030 §3: push services
 * speak HTTP/2, and FCM, autopush and Apple do): every message of a fan-out
 * is a stream on one TLS connection, so the frames of many messages leave in
 * one write and no per-request socket bookkeeping is paid. The protocol is
 * chosen by ALPN; an origin that answers `http/1.1` is reported so the caller
 * can use keep-alive agents instead. A session that fails or is told to go
 * away is dropped and the next message opens a new one.
 */
export class Http2PushSessions {
  private readonly connections = new Map<string, Promise<Http2Connection>>();
  /** Streams open on each session, and the messages waiting for one to close. */
  private readonly open = new Map<ClientHttp2Session, number>();
  private readonly waiting = new Map<ClientHttp2Session, (() => void)[]>();
  private closed = false;

  constructor(private readonly options: Http2PushOptions) {}

  connectionFor(origin: string): Promise<Http2Connection> {
    let connection = this.connections.get(origin);
    if (connection === undefined) {
      connection = this.connect(origin);
      this.connections.set(origin, connection);
      // A failed connect is not cached: the next message tries again.
      connection.catch(() => this.connections.delete(origin));
    }
    return connection;
  }

  /** One POST as a stream of the session (header names in lower case); rejects on network errors and the timeout only. */
  async post(
    session: ClientHttp2Session,
    endpoint: URL,
    headers: Record<string, string | number>,
    body: Buffer,
    timeoutMs: number,
  ): Promise<PushResponse> {
    await this.streamSlot(session);
    return new Promise<PushResponse>((resolve, reject) => {
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request({
          ':method': 'POST',
          ':path': `${endpoint.pathname}${endpoint.search}`,
          ...headers,
        });
      } catch (error) {
        this.releaseSlot(session);
        return reject(error instanceof Error ? error : new Error(String(error)));
      }
      let statusCode = 0;
      let responseHeaders: http2.IncomingHttpHeaders = {};
      let text = '';
      stream.setEncoding('utf8');
      stream.on('response', (received) => {
        statusCode = Number(received[':status'] ?? 0);
        responseHeaders = received;
      });
      stream.on('data', (chunk: string) => {
        if (text.length < BODY_KEPT) text += chunk;
      });
      stream.setTimeout(timeoutMs, () =>
        stream.destroy(Object.assign(new Error('push request timed out'), { code: 'ETIMEDOUT' })),
      );
      stream.on('close', () => {
        this.releaseSlot(session);
        if (statusCode !== 0 && stream.rstCode === http2.constants.NGHTTP2_NO_ERROR)
          resolve({ statusCode, headers: responseHeaders, body: text.slice(0, BODY_KEPT) });
        else
          reject(
            Object.assign(new Error(`push stream closed (code ${stream.rstCode})`), { code: 'ESTREAM' }),
          );
      });
      stream.on('error', reject);
      stream.end(body);
    });
  }

  close(): void {
    this.closed = true;
    for (const connection of this.connections.values()) {
      connection.then((c) => ('session' in c ? c.session.destroy() : undefined)).catch(() => undefined);
    }
    this.connections.clear();
  }

  private connect(origin: string): Promise<Http2Connection> {
    const url = new URL(origin);
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    return new Promise<Http2Connection>((resolve, reject) => {
      const socket = tls.connect({
        host,
        port: Number(url.port || 443),
        ALPNProtocols: ['h2', 'http/1.1'],
        ...(this.options.ca !== undefined ? { ca: this.options.ca } : {}),
        ...(this.options.lookup !== undefined ? { lookup: this.options.lookup } : {}),
      });
      socket.setTimeout(this.options.connectTimeoutMs, () =>
        socket.destroy(Object.assign(new Error(`connecting to ${origin} timed out`), { code: 'ETIMEDOUT' })),
      );
      socket.once('error', reject);
      socket.once('secureConnect', () => {
        socket.setTimeout(0);
        socket.removeListener('error', reject);
        if (socket.alpnProtocol !== 'h2') {
          socket.destroy();
          return resolve({ http1: true });
        }
        const session = http2.connect(origin, { createConnection: () => socket });
        const forget = () => {
          if (this.connections.get(origin) === current) this.connections.delete(origin);
          for (const wake of this.waiting.get(session) ?? []) wake();
          this.waiting.delete(session);
          this.open.delete(session);
        };
        const current = this.connections.get(origin);
        session.on('goaway', forget);
        session.on('close', forget);
        session.on('error', forget);
        // An idle session must not keep the worker from exiting.
        session.unref();
        if (this.closed) session.destroy();
        // Streams are counted against the service's limit, known once its SETTINGS arrive.
        session.once('remoteSettings', () => resolve({ session }));
        session.once('error', reject);
        session.once('close', () => reject(new Error(`${origin} closed the connection before its settings`)));
      });
    });
  }

  /** Waits while the session has as many open streams as the push service allows. */
  private async streamSlot(session: ClientHttp2Session): Promise<void> {
    const limit = Math.min(
      DEFAULT_MAX_STREAMS,
      session.remoteSettings.maxConcurrentStreams ?? DEFAULT_MAX_STREAMS,
    );
    while ((this.open.get(session) ?? 0) >= limit && !session.destroyed) {
      await new Promise<void>((wake) => {
        const queue = this.waiting.get(session) ?? [];
        queue.push(wake);
        this.waiting.set(session, queue);
      });
    }
    this.open.set(session, (this.open.get(session) ?? 0) + 1);
  }

  private releaseSlot(session: ClientHttp2Session): void {
    const open = this.open.get(session);
    if (open === undefined) return; // the session is gone, its waiters were woken
    this.open.set(session, open - 1);
    this.waiting.get(session)?.shift()?.();
  }
}

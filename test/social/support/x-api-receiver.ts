import { createHash, randomBytes } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Arrivals } from '../../support/arrivals';
import type { TestCertificate } from '../../webpush/support/test-certificate';
import { parseMultipart } from './multipart';
import { oauthProblem, type OAuthAccount } from './oauth1-verifier';
import { xWeightedLength } from './x-weighted-length';

/** An NGO account as the receiver knows it. */
export interface ReceiverAccount extends OAuthAccount {
  key: string;
  userId: string;
  username: string;
}

interface Media {
  id: string;
  owner: string;
  mediaType: string;
  totalBytes: number;
  chunks: Buffer[];
  finalized: boolean;
  altText?: string;
}

/** A post X accepted. */
export interface XPost {
  id: string;
  account: string;
  text: string;
  replyTo?: string;
  /** The attached photo's description and bytes' SHA-256. */
  media?: { altText: string | undefined; sha256: string; bytes: number };
  at: number;
  deleted: boolean;
}

export interface XRequest {
  at: number;
  method: string;
  path: string;
  account: string | undefined;
  status: number;
}

/**
 * An X API v2-compatible endpoint on loopback (HTTPS, the test's
 * certificate): every request's OAuth 1.0a HMAC-SHA1 signature checked
 * (over the URL really requested, nonce not reused); the chunked media
 * upload (initialize, append multipart, finalize) and its alt text; posts
 * (X's weighted 280, replies to live posts of the same account, media
 * uploaded and finalized by the poster, duplicate content refused with 403
 * as X does); deletes; `users/me` and the user timeline (texts as X shows
 * them: links on t.co, the photo's link appended). On command it answers
 * 429 with x-rate-limit-reset, or accepts a post and drops the connection
 * before answering (a post in doubt). What breaks the protocol is recorded
 * in `violations`.
 */
export class XApiReceiver {
  readonly posts = new Arrivals<XPost>('X API');
  readonly deletes: { postId: string; account: string; at: number }[] = [];
  readonly requests: XRequest[] = [];
  readonly violations: string[] = [];
  /** Posts refused as duplicate content. */
  readonly duplicates: { account: string; text: string }[] = [];
  origin = '';
  private server: https.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly byToken = new Map<string, ReceiverAccount>();
  private readonly byUserId = new Map<string, ReceiverAccount>();
  private readonly media = new Map<string, Media>();
  private readonly postsById = new Map<string, XPost>();
  private readonly nonces = new Set<string>();
  private nextId = 1_900_000_000_000_000_000n;
  private rateLimited: { remaining: number; resetSeconds: number; path: string } | undefined;
  /** Epoch seconds of the resets announced, per account (requests before them break the rule). */
  readonly resetsAnnounced: { account: string; reset: number; at: number }[] = [];
  private dropPosts = 0;

  constructor(
    private readonly certificate: TestCertificate,
    accounts: readonly ReceiverAccount[],
    /** `postLatencyMs`: a post is accepted at once and answered this much later (a window for posts in doubt). */
    private readonly options: { postLatencyMs?: number } = {},
  ) {
    for (const account of accounts) {
      this.byToken.set(account.accessToken, account);
      this.byUserId.set(account.userId, account);
    }
  }

  /** The base URL the worker is configured with (SOCIAL_X_API_BASE_URL). */
  get baseUrl(): string {
    return `${this.origin}/2/`;
  }

  async start(): Promise<this> {
    this.server = https.createServer(
      { key: this.certificate.key, cert: this.certificate.cert },
      (req, res) => {
        void this.handle(req, res);
      },
    );
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The next `count` requests to `path` (default: posting) answer 429, resetting `inSeconds` from now. */
  rateLimitNext(count: number, inSeconds: number, path = '/2/tweets'): void {
    this.rateLimited = { remaining: count, resetSeconds: Math.ceil(Date.now() / 1000) + inSeconds, path };
  }

  /** The next `count` posts are accepted, then the connection drops before the answer. */
  dropAfterAcceptingNext(count: number): void {
    this.dropPosts = count;
  }

  /** Live and deleted posts of an account, in order. */
  postsOf(accountKey: string): XPost[] {
    return this.posts.items.filter((post) => post.account === accountKey);
  }

  post(id: string): XPost | undefined {
    return this.postsById.get(id);
  }

  /** What X shows of a post on a timeline. */
  displayedText(post: XPost): string {
    const shown = post.text
      .replace(/https?:\/\/\S+/g, () => `https://t.co/${randomBytes(5).toString('hex')}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;');
    return post.media ? `${shown} https://t.co/${randomBytes(5).toString('hex')}` : shown;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const method = req.method ?? 'GET';
    const auth = oauthProblem({
      method,
      url,
      header: req.headers.authorization,
      accounts: this.byToken,
      seenNonces: this.nonces,
    });
    const record = (status: number, account?: ReceiverAccount) =>
      this.requests.push({ at: Date.now(), method, path: url.pathname, account: account?.key, status });
    const send = (
      status: number,
      payload: unknown,
      account?: ReceiverAccount,
      headers: Record<string, string> = {},
    ) => {
      record(status, account);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(payload));
    };
    if ('problem' in auth) {
      this.violations.push(`${method} ${url.pathname}: ${auth.problem}`);
      return send(401, { title: 'Unauthorized', status: 401, detail: auth.problem });
    }
    const account = this.byToken.get(auth.account.accessToken)!;
    const refuse = (status: number, detail: string, violation = true) => {
      if (violation) this.violations.push(`${account.key} ${method} ${url.pathname}: ${detail}`);
      send(status, { title: 'Invalid Request', status, detail }, account);
    };

    const limited = this.rateLimited;
    if (limited && limited.remaining > 0 && url.pathname === limited.path) {
      limited.remaining -= 1;
      this.resetsAnnounced.push({ account: account.key, reset: limited.resetSeconds, at: Date.now() });
      return send(429, { title: 'Too Many Requests', status: 429, detail: 'Too Many Requests' }, account, {
        'x-rate-limit-limit': '100',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(limited.resetSeconds),
      });
    }
    const early = this.resetsAnnounced.find((r) => r.account === account.key && Date.now() < r.reset * 1000);
    if (early && method === 'POST' && url.pathname === limited?.path)
      this.violations.push(`${account.key} posted before the announced reset ${early.reset}`);

    const route = `${method} ${url.pathname}`;
    let match: RegExpExecArray | null;
    if (route === 'POST /2/media/upload/initialize') {
      const json = parseJson(body);
      if (json?.media_type !== 'image/jpeg' && json?.media_type !== 'image/png')
        return refuse(400, 'media_type must be an image type');
      if (json.media_category !== 'tweet_image') return refuse(400, 'media_category must be tweet_image');
      const total = Number(json.total_bytes);
      if (!(total > 0 && total <= 5 * 1024 * 1024)) return refuse(400, 'total_bytes out of range');
      const id = this.newId();
      this.media.set(id, {
        id,
        owner: account.userId,
        mediaType: String(json.media_type),
        totalBytes: total,
        chunks: [],
        finalized: false,
      });
      return send(200, { data: { id, media_key: `3_${id}`, expires_after_secs: 86_400 } }, account);
    }
    if ((match = /^POST \/2\/media\/upload\/(\d+)\/append$/.exec(route))) {
      const media = this.media.get(match[1]);
      if (!media || media.owner !== account.userId || media.finalized)
        return refuse(400, 'append to an unknown or finalized media');
      const parts = parseMultipart(body, req.headers['content-type']);
      const index = parts?.find((p) => p.name === 'segment_index')?.data.toString();
      const chunk = parts?.find((p) => p.name === 'media')?.data;
      if (!chunk || Number(index) !== media.chunks.length)
        return refuse(400, 'append needs segment_index (in order) and media');
      media.chunks.push(chunk);
      return send(200, {}, account);
    }
    if ((match = /^POST \/2\/media\/upload\/(\d+)\/finalize$/.exec(route))) {
      const media = this.media.get(match[1]);
      if (!media || media.owner !== account.userId) return refuse(400, 'finalize of an unknown media');
      const bytes = Buffer.concat(media.chunks);
      if (bytes.length !== media.totalBytes)
        return refuse(400, `finalize after ${bytes.length} of ${media.totalBytes} bytes`);
      if (!(bytes[0] === 0xff && bytes[1] === 0xd8)) return refuse(400, 'not a JPEG');
      media.finalized = true;
      return send(
        200,
        {
          data: { id: media.id, media_key: `3_${media.id}`, size: bytes.length, expires_after_secs: 86_400 },
        },
        account,
      );
    }
    if (route === 'POST /2/media/metadata') {
      const json = parseJson(body) as
        { id?: string; metadata?: { alt_text?: { text?: string } } } | undefined;
      const media = json?.id === undefined ? undefined : this.media.get(json.id);
      const text = json?.metadata?.alt_text?.text;
      if (!media || media.owner !== account.userId || !media.finalized)
        return refuse(400, 'metadata for an unknown media');
      if (typeof text !== 'string' || text.length === 0 || text.length > 1000)
        return refuse(400, 'alt text of 1..1000 characters');
      media.altText = text;
      return send(200, { data: { id: media.id, associated_metadata: { alt_text: { text } } } }, account);
    }
    if (route === 'POST /2/tweets') return this.createPost(account, body, res, send, refuse);
    if ((match = /^DELETE \/2\/tweets\/(\d+)$/.exec(route))) {
      const post = this.postsById.get(match[1]);
      if (!post || post.deleted)
        return send(404, { title: 'Not Found Error', status: 404, detail: 'no such post' }, account);
      if (post.account !== account.key) return refuse(403, "deleting another account's post");
      post.deleted = true;
      this.deletes.push({ postId: post.id, account: account.key, at: Date.now() });
      return send(200, { data: { deleted: true } }, account);
    }
    if (route === 'GET /2/users/me')
      return send(
        200,
        { data: { id: account.userId, name: account.key, username: account.username } },
        account,
      );
    if ((match = /^GET \/2\/users\/(\d+)\/tweets$/.exec(route))) {
      if (match[1] !== account.userId) return refuse(403, 'timeline of another user');
      const since = Date.parse(url.searchParams.get('start_time') ?? '') || 0;
      const max = Number(url.searchParams.get('max_results') ?? 10);
      const mine = this.posts.items
        .filter((p) => p.account === account.key && !p.deleted && p.at >= since)
        .reverse()
        .slice(0, max);
      return send(
        200,
        {
          data: mine.map((p) => ({ id: p.id, text: this.displayedText(p) })),
          meta: { result_count: mine.length },
        },
        account,
      );
    }
    refuse(404, `no route ${route}`);
  }

  private createPost(
    account: ReceiverAccount,
    body: Buffer,
    res: ServerResponse,
    send: (status: number, payload: unknown, account?: ReceiverAccount) => void,
    refuse: (status: number, detail: string, violation?: boolean) => void,
  ): void {
    const json = parseJson(body) as
      | { text?: unknown; reply?: { in_reply_to_tweet_id?: string }; media?: { media_ids?: string[] } }
      | undefined;
    const text = json?.text;
    if (typeof text !== 'string' || text.trim() === '') return refuse(400, 'a post needs text');
    const length = xWeightedLength(text);
    if (length > 280) return refuse(400, `text weighs ${length} (> 280)`);
    const replyTo = json?.reply?.in_reply_to_tweet_id;
    if (replyTo !== undefined) {
      const parent = this.postsById.get(replyTo);
      if (!parent || parent.deleted) return refuse(400, `reply to ${replyTo}, which does not exist`);
      if (parent.account !== account.key)
        this.violations.push(`${account.key} replied to another account's post`);
    }
    const mediaIds = json?.media?.media_ids ?? [];
    if (mediaIds.length > 1) return refuse(400, 'one photo per post');
    let media: XPost['media'];
    for (const id of mediaIds) {
      const item = this.media.get(id);
      if (!item || item.owner !== account.userId || !item.finalized)
        return refuse(400, `media ${id} not uploaded`);
      const bytes = Buffer.concat(item.chunks);
      media = {
        altText: item.altText,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
      };
    }
    if (this.posts.items.some((p) => p.account === account.key && !p.deleted && p.text === text)) {
      this.duplicates.push({ account: account.key, text });
      return send(
        403,
        {
          title: 'Forbidden',
          status: 403,
          detail: 'You are not allowed to create a Tweet with duplicate content.',
        },
        account,
      );
    }
    const post: XPost = {
      id: this.newId(),
      account: account.key,
      text,
      ...(replyTo !== undefined ? { replyTo } : {}),
      ...(media ? { media } : {}),
      at: Date.now(),
      deleted: false,
    };
    this.postsById.set(post.id, post);
    this.posts.add(post);
    if (this.dropPosts > 0) {
      this.dropPosts -= 1;
      // Accepted, but the answer never comes: the worker cannot know.
      this.requests.push({
        at: Date.now(),
        method: 'POST',
        path: '/2/tweets',
        account: account.key,
        status: 0,
      });
      res.socket?.destroy();
      return;
    }
    const answer = () =>
      send(201, { data: { id: post.id, text: post.text, edit_history_tweet_ids: [post.id] } }, account);
    if (this.options.postLatencyMs) setTimeout(answer, this.options.postLatencyMs);
    else answer();
  }

  private newId(): string {
    this.nextId += 1n;
    return this.nextId.toString();
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

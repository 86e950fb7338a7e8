/** One part of a multipart/form-data body. */
export interface FormPart {
  name: string;
  filename?: string;
  data: Buffer;
}

/** A small multipart/form-data reader (RFC 7578) for the media upload's append requests. */
export function parseMultipart(body: Buffer, contentType: string | undefined): FormPart[] | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!contentType?.startsWith('multipart/form-data') || !boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  if (start < 0) return undefined;
  for (;;) {
    start += delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return parts;
    start += 2; // CRLF after the delimiter
    const next = body.indexOf(delimiter, start);
    if (next < 0) return undefined;
    const part = body.subarray(start, next - 2); // CRLF before the next delimiter
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) return undefined;
    const headers = part.subarray(0, split).toString('utf8');
    const disposition = /content-disposition:\s*form-data;\s*name="([^"]*)"(?:;\s*filename="([^"]*)")?/i.exec(
      headers,
    );
    if (!disposition) return undefined;
    parts.push({
      name: disposition[1],
      ...(disposition[2] !== undefined ? { filename: disposition[2] } : {}),
      data: Buffer.from(part.subarray(split + 4)),
    });
    start = next;
  }
}

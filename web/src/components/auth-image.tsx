import { type ImgHTMLAttributes, useEffect, useState } from 'react';
import { localUrl, session } from '../api';

/**
 * A photo of an alert that is not public yet (a draft's): an <img> cannot
 * send the Bearer token, so it is fetched with it and shown from a blob URL.
 */
export function AuthImage({ src, ...rest }: ImgHTMLAttributes<HTMLImageElement> & { src: string }) {
  const [blobUrl, setBlobUrl] = useState<string | undefined>();
  useEffect(() => {
    let url: string | undefined;
    let live = true;
    void fetch(localUrl(src), { headers: { Authorization: `Bearer ${session.token() ?? ''}` } })
      .then((response) => (response.ok ? response.blob() : undefined))
      .then((blob) => {
        if (!blob || !live) return;
        url = URL.createObjectURL(blob);
        setBlobUrl(url);
      });
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [src]);
  return blobUrl ? <img src={blobUrl} {...rest} /> : <span className="image-loading" aria-busy="true" />;
}

export type PhotoVariant = 'original' | 'push' | 'email' | 'social';

/** What a rendering needs besides the version: where things live and how the version is published. */
export interface RenderContext {
  publicBaseUrl: string;
  /** For times written into texts; defaults to UTC. */
  timeZone?: string;
  /** The version goes out as an update of an earlier one (labelled UPDATE). */
  update?: boolean;
  /** Public URL of a stored photo derivative; without it renderings carry no image. */
  photoUrl?: (photoId: string, variant: PhotoVariant) => string;
  /** Per-recipient unsubscribe link for e-mail (the worker fills it in). */
  unsubscribeUrl?: string;
}

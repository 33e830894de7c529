/** An image in a message, as OpenAI's image_url carries it: a data URL (inline bytes) or a link. */
export type ImageSource = { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string };

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+);base64,/;

export function imageSourceOf(url: string): ImageSource {
  const m = DATA_URL.exec(url);
  return m?.[1] ? { kind: 'base64', mediaType: m[1], data: url.slice(m[0].length) } : { kind: 'url', url };
}

export function imageUrlOf(source: ImageSource): string {
  return source.kind === 'base64' ? `data:${source.mediaType};base64,${source.data}` : source.url;
}

/** A guess for providers that need a MIME type with a link (Gemini's fileData). */
export function mediaTypeOfLink(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  if (ext === 'png') return 'image/png';
  if (ext === 'gif') return 'image/gif';
  if (ext === 'webp') return 'image/webp';
  return 'image/jpeg';
}

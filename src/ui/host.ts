// The host of a URL for display; the text itself when it is not a URL (a damaged record must still render).
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

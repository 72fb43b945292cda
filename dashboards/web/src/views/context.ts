/** What a view gets: its URL state, a way to change it, and the place to draw. */
export interface ViewContext {
  /** The view's state: every parameter is in the URL, so a link reproduces the view. */
  params: URLSearchParams;
  /** Changes parameters (null or '' removes one) and redraws; adds a history entry. */
  update(changes: Record<string, string | null>, options?: { replace?: boolean }): void;
  /** A link to another view (handled without a page load). */
  href(view: string, params?: Record<string, string>): string;
  /** Goes to another view, as following its link would. */
  navigate(view: string, params?: Record<string, string>): void;
  /** Aborted when the user moves on, so late answers are dropped. */
  signal: AbortSignal;
  main: HTMLElement;
}

export type View = (context: ViewContext) => Promise<void>;

/** The date and category filters most views share, kept in the URL under the API's names. */
export function filterParams(params: URLSearchParams, keys: readonly string[]): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of keys) {
    const value = params.get(key);
    if (value) out.set(key, value);
  }
  return out;
}

/**
 * An opener's props that fetch what it opens (a module, its sentences) when it is pointed at
 * or focused, so that the press seldom waits for it. The bundler keeps a module once fetched;
 * a failed fetch is the opened part's to report, at the opening.
 */
export function fetchAheadProps(load: () => Promise<unknown>) {
  const fetchAhead = () => void load().catch(() => {});
  return { onPointerEnter: fetchAhead, onFocus: fetchAhead };
}

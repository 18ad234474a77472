import { useEffect, useState } from 'preact/hooks';

/** Paths as the History API has them; the scheduler answers every unknown path outside /api with the console. */
export function navigate(to: string): void {
  history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useLocation(): URL {
  const [url, setUrl] = useState(() => new URL(location.href));
  useEffect(() => {
    const update = () => setUrl(new URL(location.href));
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return url;
}

/** A link that changes the view without reloading the page. */
export function onLink(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || anchor.origin !== location.origin)
    return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}

import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { cancelFrameTask, onNextFrame } from '../state/frame';

/**
 * Paints an element at the next animation frame when asked (the frame in which the store
 * publishes, when asked by a publication), once however often it was asked in
 * that frame, and only while the element's parent is on screen: a request made while it is scrolled away
 * (or hidden) is painted when it comes back. Returns the stable `request` function.
 */
export function useFramePainter(
  elementRef: RefObject<Element | null>,
  paint: () => void,
): () => void {
  const paintRef = useRef(paint);
  const dirty = useRef(false);
  const visible = useRef(true);

  const run = useCallback(() => {
    if (!dirty.current || !visible.current) return;
    dirty.current = false;
    paintRef.current();
  }, []);

  const request = useCallback(() => {
    dirty.current = true;
    if (visible.current) onNextFrame(run);
  }, [run]);

  useEffect(() => {
    paintRef.current = paint;
    request();
  }, [paint, request]);

  useEffect(() => {
    // The parent: a canvas drawn empty has no area, but its frame still says if it is on screen.
    const element = elementRef.current?.parentElement ?? elementRef.current;
    if (!element || typeof IntersectionObserver !== 'function') return;
    const observer = new IntersectionObserver((entries) => {
      visible.current = entries[entries.length - 1].isIntersecting;
      if (visible.current && dirty.current) request();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [elementRef, request]);

  useEffect(() => () => cancelFrameTask(run), [run]);

  return request;
}

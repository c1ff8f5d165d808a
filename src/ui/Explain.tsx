import { useEffect, useId, useRef, useState } from 'react';
import { EXPLANATIONS, type Topic } from './explanations';

/**
 * A view's caption in plain words, and an info button (a disclosure: aria-expanded, Escape or a
 * click elsewhere closes it) with the explanation in the course's notation.
 */
export function Explain({ topic }: { topic: Topic }) {
  const text = EXPLANATIONS[topic];
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement | null>(null);
  const button = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="explain" ref={root}>
      <p className="caption small">{text.caption}</p>
      <button
        ref={button}
        type="button"
        className="info-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`About ${text.name}`}
        title={`About ${text.name}`}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => event.key === 'Escape' && open && close()}
      >
        i
      </button>
      <div
        id={panelId}
        className="info-panel small"
        role="region"
        aria-label={`About ${text.name}`}
        hidden={!open}
        onKeyDown={(event) => event.key === 'Escape' && close()}
      >
        <p>
          <strong>What you see.</strong> {text.see}
        </p>
        <p>
          <strong>What to expect.</strong> {text.expect}
        </p>
        <p>
          <strong>ρ, β, λ.</strong> {text.settings}
        </p>
        <button type="button" className="link" onClick={close}>
          Close
        </button>
      </div>
    </div>
  );
}

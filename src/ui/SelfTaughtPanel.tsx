import { useEffect } from 'react';
import { SELF_TAUGHT_PRESETS, type SelfTaughtVersion } from '../engine/selftaught-presets';
import { useSelfTaught } from '../state/selftaught-store';
import { SelfTaughtClassify } from './SelfTaughtClassify';
import { SelfTaughtResult } from './SelfTaughtResult';

const PHASE = {
  autoencoder: 'Autoencoder on the digits 5–9',
  features: 'Features of the digits 0–4',
  'softmax-features': 'Softmax on the features',
  'softmax-raw': 'Softmax on the raw pixels',
} as const;

/** `?selftaught=full` or `?selftaught=classroom`: a link that runs the experiment. */
export const selfTaughtLink = (version: SelfTaughtVersion) => `?selftaught=${version}`;

function linkedVersion(search: string): SelfTaughtVersion | null {
  const value = new URLSearchParams(search).get('selftaught');
  return value === 'full' || value === 'classroom' ? value : null;
}

/** Read when the page loads, before the settings rewrite the URL. */
const linkedAtLoad = linkedVersion(window.location.search);

function formatEta(seconds: number | null): string {
  if (seconds === null) return 'estimating…';
  if (seconds < 60) return `about ${Math.ceil(seconds)} s left`;
  return `about ${Math.ceil(seconds / 60)} min left`;
}

function Progress() {
  const status = useSelfTaught((s) => s.status);
  const progress = useSelfTaught((s) => s.progress);
  const done = useSelfTaught((s) => s.done);
  const eta = useSelfTaught((s) => s.etaSeconds);
  const cancel = useSelfTaught((s) => s.cancel);
  if (status !== 'loading' && status !== 'running') return null;
  return (
    <div className="selftaught-progress" aria-live="polite">
      <progress max={1} value={done} aria-label="Self-taught experiment progress" />
      <span className="small">
        {status === 'loading' || !progress
          ? 'Loading the digits…'
          : `${PHASE[progress.phase]}${progress.iterations > 0 ? `: iteration ${progress.iteration} of ${progress.iterations}` : ''} · ${formatEta(eta)}`}
      </span>
      <button type="button" onClick={cancel}>
        Cancel
      </button>
    </div>
  );
}

/** UFLDL's self-taught learning in one click: are the learnt features any good? */
export function SelfTaughtPanel() {
  const status = useSelfTaught((s) => s.status);
  const outcome = useSelfTaught((s) => s.outcome);
  const job = useSelfTaught((s) => s.job);
  const error = useSelfTaught((s) => s.error);
  const start = useSelfTaught((s) => s.start);
  const busy = status === 'loading' || status === 'running';

  useEffect(() => {
    if (linkedAtLoad && useSelfTaught.getState().status === 'idle')
      useSelfTaught.getState().start(linkedAtLoad);
  }, []);

  return (
    <section className="panel selftaught-panel" aria-labelledby="selftaught-title">
      <div className="panel-head">
        <h2 id="selftaught-title">Are the features any good? Self-taught learning</h2>
      </div>
      <p className="small">
        An autoencoder learns features from the handwritten digits 5–9 without their labels; a
        softmax classifier then learns the digits 0–4 from those features, and the same classifier
        from the raw pixels, for comparison.
      </p>
      <div className="selftaught-choices">
        {(['classroom', 'full'] as const).map((v) => (
          <div key={v} className="selftaught-choice">
            <button type="button" disabled={busy} onClick={() => start(v)}>
              {v === 'full' ? 'Run UFLDL’s experiment' : 'Run the classroom version'}
            </button>{' '}
            <a className="small" href={selfTaughtLink(v)}>
              link
            </a>
            <p className="small muted">{SELF_TAUGHT_PRESETS[v].description}</p>
          </div>
        ))}
      </div>
      <SelfTaughtClassify />
      <Progress />
      {status === 'cancelled' && <p className="small muted">Cancelled.</p>}
      {status === 'failed' && <p className="small error-text">The experiment failed: {error}</p>}
      {outcome && !(busy && job === 'experiment') && <SelfTaughtResult outcome={outcome} />}
    </section>
  );
}

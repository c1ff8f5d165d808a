import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useStore } from './state/store';
import { readUrlState, writeUrlState } from './state/url';
import { App } from './ui/App';
import './ui/styles/base.css';
import './ui/styles/controls.css';
import './ui/styles/layout.css';
import './ui/styles/views.css';
import './ui/styles/panels.css';
import './ui/styles/presenter.css';
import './ui/styles/presets-legend.css';
import './ui/styles/selftaught.css';

// Start loading the built-in data (or the link's dataset) before React renders anything.
useStore.getState().connect(readUrlState(window.location.search));
writeUrlState(useStore.getState().settings, useStore.getState().presenter);

// The URL follows the settings, so a link reproduces the experiment.
useStore.subscribe((state, previous) => {
  if (state.settings !== previous.settings || state.presenter !== previous.presenter) {
    writeUrlState(state.settings, state.presenter);
  }
});

// Leaving while a run trains asks first; whatever waits for storage is written as the page goes.
window.addEventListener('beforeunload', (event) => {
  if (useStore.getState().run.status === 'running') event.preventDefault();
});
window.addEventListener('pagehide', () => void useStore.getState().saveNow());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useStore } from './state/store';
import { readUrlState, writeUrlState } from './state/url';
import { App } from './ui/App';
import './ui/styles.css';

// Start loading the built-in data (or the link's dataset) before React renders anything.
useStore.getState().connect(readUrlState(window.location.search));
writeUrlState(useStore.getState().settings, useStore.getState().presenter);

// The URL follows the settings, so a link reproduces the experiment.
useStore.subscribe((state, previous) => {
  if (state.settings !== previous.settings || state.presenter !== previous.presenter) {
    writeUrlState(state.settings, state.presenter);
  }
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

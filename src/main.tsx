import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useStore } from './state/store';
import { readUrlState, writeUrlState } from './state/url';
import { App } from './ui/App';
import { startTheme } from './ui/theme';
import './ui/styles/base.css';
import './ui/styles/controls.css';
import './ui/styles/layout.css';
import './ui/styles/views.css';
import './ui/styles/panels.css';
import './ui/styles/classroom.css';
import './ui/styles/classroom-controls.css';
import './ui/styles/presets-legend.css';
import './ui/styles/inspector.css';
import './ui/styles/progress.css';
import './ui/styles/theme.css';
import './ui/styles/explain.css';
import './ui/styles/pictures.css';
import './ui/styles/lesson.css';
import './ui/styles/runs.css';
import './ui/styles/selftaught.css';

// The theme before the first paint (the system's, or the one the user picked).
startTheme();

// Start loading the built-in data (or the link's dataset) before React renders anything.
useStore.getState().connect(readUrlState(window.location.search));
const writeUrl = (state: ReturnType<typeof useStore.getState>) =>
  writeUrlState(state.settings, state.classroom, {
    uploaded: state.data.choice === 'files',
    lesson: state.lesson,
  });
writeUrl(useStore.getState());

// The URL follows the settings, so a link reproduces the experiment (and says when it cannot).
useStore.subscribe((state, previous) => {
  if (
    state.settings !== previous.settings ||
    state.classroom !== previous.classroom ||
    state.data.choice !== previous.data.choice ||
    state.lesson !== previous.lesson
  ) {
    writeUrl(state);
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

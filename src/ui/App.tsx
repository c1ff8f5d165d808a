import { useStore } from '../state/store';
import { Controls } from './Controls';
import { CostChart } from './CostChart';
import { DatasetPicker } from './DatasetPicker';
import { ErrorList } from './ErrorList';
import { ExportImport } from './ExportImport';
import { FilterMosaic } from './FilterMosaic';
import { FormulaPanel } from './FormulaPanel';
import { GradientCheck } from './GradientCheck';
import { HyperparameterSliders } from './HyperparameterSliders';
import { MeanActivation } from './MeanActivation';
import { Presets } from './Presets';
import { Reconstructions } from './Reconstructions';
import { RunSettings } from './RunSettings';
import { RunsPanel } from './RunsPanel';
import { SelfTaughtPanel } from './SelfTaughtPanel';
import { StatusLine } from './StatusLine';
import { useDropFiles } from './useDropFiles';

function PresenterToggle() {
  const presenter = useStore((s) => s.presenter);
  const setPresenter = useStore((s) => s.setPresenter);
  return (
    <button type="button" aria-pressed={presenter} onClick={() => setPresenter(!presenter)}>
      {presenter ? 'Exit presenter mode' : 'Presenter mode'}
    </button>
  );
}

/** For a projector: the mosaic and the curve large, the sliders, and nothing else to read. */
function PresenterView() {
  return (
    <div className="presenter-layout">
      <div className="presenter-views">
        <section className="panel">
          <FilterMosaic maxHeight={640} />
        </section>
        <CostChart height={460} />
      </div>
      <div className="presenter-bar">
        <Controls />
        <StatusLine />
        <HyperparameterSliders />
      </div>
    </div>
  );
}

function LabView() {
  return (
    <div className="layout">
      <aside className="sidebar" aria-label="Data and settings">
        <DatasetPicker />
        <Presets />
        <Controls />
        <HyperparameterSliders />
        <RunSettings />
        <ExportImport />
        <GradientCheck />
      </aside>
      <main className="content">
        <StatusLine />
        <div className="views">
          <section className="panel mosaic-panel">
            <FilterMosaic maxHeight={420} />
          </section>
          <CostChart height={360} />
        </div>
        <div className="views secondary">
          <section className="panel side-views">
            <Reconstructions />
            <MeanActivation />
          </section>
          <FormulaPanel />
        </div>
        <RunsPanel />
        <SelfTaughtPanel />
      </main>
    </div>
  );
}

export function App() {
  const presenter = useStore((s) => s.presenter);
  const uploadFiles = useStore((s) => s.uploadFiles);
  const dragging = useDropFiles(uploadFiles);
  return (
    <div className={presenter ? 'app presenter' : 'app'}>
      <header className="topbar">
        <div>
          <h1>Sparse Autoencoder Lab</h1>
          <p className="muted small tagline">
            UFLDL’s sparse autoencoder, trained in your browser. Drag ρ, β and λ and watch the
            filters form.
          </p>
        </div>
        <PresenterToggle />
      </header>
      <ErrorList />
      {presenter ? <PresenterView /> : <LabView />}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop IDX, .mat, .npy or photos to train on them
        </div>
      )}
    </div>
  );
}

import { useCallback, useState } from 'react';
import { useInspector, useStore } from '../state/store';
import { ClassroomView } from './ClassroomView';
import { Controls } from './Controls';
import { CostChart } from './CostChart';
import { DatasetPicker } from './DatasetPicker';
import { ErrorList } from './ErrorList';
import { ExportImport } from './ExportImport';
import { FilterMosaic } from './FilterMosaic';
import { FormulaPanel } from './FormulaPanel';
import { GradientCheck } from './GradientCheck';
import { HyperparameterSliders } from './HyperparameterSliders';
import { InspectorArea } from './inspector/InspectorArea';
import { Lesson } from './Lesson';
import { MeanActivation } from './MeanActivation';
import { PageTools } from './PageTools';
import { Presets } from './Presets';
import { Reconstructions } from './Reconstructions';
import { RunProgress } from './RunProgress';
import { RunSettings } from './RunSettings';
import { RunsPanel } from './RunsPanel';
import { ShortcutsHelp } from './ShortcutsHelp';
import { useShortcuts } from './shortcuts';
import { SelfTaughtPanel } from './SelfTaughtPanel';
import { StatusLine } from './StatusLine';
import { useDropFiles } from './useDropFiles';

function LabView() {
  const selectUnit = useInspector((s) => s.select);
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
        <RunProgress />
        <Lesson />
        <StatusLine />
        <div className="views">
          <section className="panel mosaic-panel">
            <FilterMosaic maxHeight={420} onSelectUnit={selectUnit} />
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
        <InspectorArea />
        <RunsPanel />
        <SelfTaughtPanel />
      </main>
    </div>
  );
}

export function App() {
  const classroom = useStore((s) => s.classroom);
  const uploadFiles = useStore((s) => s.uploadFiles);
  const dragging = useDropFiles(uploadFiles);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useShortcuts(useStore.getState, openHelp);
  return (
    <div className={classroom ? 'app classroom' : 'app'}>
      <header className="topbar">
        <div>
          <h1>Sparse Autoencoder Lab</h1>
          <p className="muted small tagline">
            UFLDL’s sparse autoencoder, trained in your browser. Drag ρ, β and λ and watch the
            filters form.
          </p>
        </div>
        <PageTools onHelp={openHelp} />
      </header>
      <ErrorList />
      {classroom ? <ClassroomView /> : <LabView />}
      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop IDX, .mat, .npy or photos to train on them
        </div>
      )}
    </div>
  );
}

import type { ChangeEvent } from 'react';
import { overLimit } from '../data/limits';
import { readWeightsFile, weightsToJson, weightsToNpy } from '../data/weights';
import { validateWeightsHyperparameters } from '../engine/validate';
import { useStore } from '../state/store';
import { costCsv, pngOfImage, saveBlob } from './download';
import { mosaicImage } from './FilterMosaic';

/** A file-name stem that says what was trained: "natural-h25-rho0.01-it400". */
function stem(): string {
  const { settings, run } = useStore.getState();
  const iteration = run.latest?.iteration ?? 0;
  return `${settings.dataset}-h${settings.hiddenSize}-rho${settings.rho}-beta${settings.beta}-lambda${settings.lambda}-it${iteration}`;
}

async function exportWeights(format: 'json' | 'npy') {
  const weights = await useStore.getState().exportWeights();
  if (!weights) return;
  const blob =
    format === 'json'
      ? new Blob([weightsToJson(weights)], { type: 'application/json' })
      : new Blob([weightsToNpy(weights) as Uint8Array<ArrayBuffer>], {
          type: 'application/octet-stream',
        });
  saveBlob(blob, `weights-${stem()}.${format}`);
}

async function exportMosaic() {
  const image = mosaicImage(useStore.getState());
  if (!image) return useStore.getState().reportError('There is no mosaic to save yet.');
  saveBlob(await pngOfImage(image, 8), `mosaic-${stem()}.png`);
}

function exportCsv() {
  const { history, reportError } = useStore.getState();
  if (history.length === 0) return reportError('There is no cost history yet: train first.');
  saveBlob(new Blob([costCsv(history)], { type: 'text/csv' }), `cost-${stem()}.csv`);
}

/** Reads a weights file: .json or .npy, finite values, ρ/β/λ inside the settings' bounds. */
async function importWeightsFile(file: File) {
  const { data, importWeights, reportError } = useStore.getState();
  const tooLarge = overLimit('fileBytes', file.size);
  if (tooLarge) return reportError(`“${file.name}”: ${tooLarge}`);
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const weights = readWeightsFile(file.name, bytes, data.summary?.visibleSize ?? 0);
    const refused = validateWeightsHyperparameters(weights.hyperparameters, file.name);
    if (refused) return reportError(refused);
    await importWeights(weights, file.name);
  } catch (error) {
    const message = (error as Error).message;
    reportError(message.startsWith(`“${file.name}”`) ? message : `“${file.name}”: ${message}`);
  }
}

/** Save weights (.json, .npy), the mosaic (PNG) and the cost history (CSV); load weights back. */
export function ExportImport() {
  const onImport = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void importWeightsFile(file);
  };
  return (
    <section className="panel export" aria-labelledby="export-title">
      <h2 id="export-title">Save and load</h2>
      <div className="button-row wrap">
        <button type="button" onClick={() => void exportWeights('json')}>
          Weights .json
        </button>
        <button type="button" onClick={() => void exportWeights('npy')}>
          Weights .npy
        </button>
        <button type="button" onClick={() => void exportMosaic()}>
          Mosaic .png
        </button>
        <button type="button" onClick={exportCsv}>
          Cost .csv
        </button>
      </div>
      <label className="file-button">
        <span>Import weights…</span>
        <input type="file" aria-label="Import weights" accept=".json,.npy" onChange={onImport} />
      </label>
      <p className="muted small">Imported weights are shown at once; Resume trains on from them.</p>
    </section>
  );
}
